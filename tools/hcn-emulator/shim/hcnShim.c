/*
 * computenetwork.dll / vmcompute.dll stand-in for Linux: every HCN entry point the host module
 * declares is forwarded over a Unix socket (path in L2B_HCN_SOCKET) to the HCN emulator.
 *
 * Frames (little-endian):
 *   request  = u32 count, then count x (u32 length + UTF-8 bytes); length 0xFFFFFFFF = NULL string.
 *              Field 0 is the function name; GUIDs travel as canonical lower-case text, handles
 *              as decimal text.
 *   response = i32 HRESULT, u32 count, then count fields as above: result, error record, handle.
 *
 * Output strings are malloc'd UTF-16 (the .NET marshaller frees them with free() on Unix).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))
#define NULL_FIELD 0xFFFFFFFFu
#define HCN_E_MANAGER_STOPPED ((int32_t)0x803B0020)
#define E_OUTOFMEMORY ((int32_t)0x8007000E)
#define MAX_FIELDS 8

typedef int32_t HRESULT;
typedef uint16_t WCHAR;
typedef struct {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} GUID;

/* ---- growable byte buffer ---- */

typedef struct {
    uint8_t *data;
    size_t length;
    size_t capacity;
    int failed;
} Buffer;

static void buffer_put(Buffer *b, const void *bytes, size_t n) {
    if (b->failed) return;
    if (b->length + n > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 256;
        while (capacity < b->length + n) capacity *= 2;
        uint8_t *grown = realloc(b->data, capacity);
        if (!grown) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, bytes, n);
    b->length += n;
}

static void buffer_u32(Buffer *b, uint32_t v) {
    uint8_t le[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    buffer_put(b, le, 4);
}

static void buffer_field(Buffer *b, const char *text, size_t n) {
    buffer_u32(b, (uint32_t)n);
    buffer_put(b, text, n);
}

static void buffer_text(Buffer *b, const char *text) { buffer_field(b, text, strlen(text)); }

/* ---- UTF-16 <-> UTF-8 ---- */

static void buffer_utf16(Buffer *b, const WCHAR *s) {
    if (!s) {
        buffer_u32(b, NULL_FIELD);
        return;
    }
    Buffer utf8 = {0};
    for (size_t i = 0; s[i]; i++) {
        uint32_t c = s[i];
        if (c >= 0xD800 && c <= 0xDBFF && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            i++;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD; /* lone surrogate */
        }
        uint8_t out[4];
        size_t n;
        if (c < 0x80) {
            out[0] = (uint8_t)c;
            n = 1;
        } else if (c < 0x800) {
            out[0] = (uint8_t)(0xC0 | (c >> 6));
            out[1] = (uint8_t)(0x80 | (c & 0x3F));
            n = 2;
        } else if (c < 0x10000) {
            out[0] = (uint8_t)(0xE0 | (c >> 12));
            out[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
            out[2] = (uint8_t)(0x80 | (c & 0x3F));
            n = 3;
        } else {
            out[0] = (uint8_t)(0xF0 | (c >> 18));
            out[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
            out[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
            out[3] = (uint8_t)(0x80 | (c & 0x3F));
            n = 4;
        }
        buffer_put(&utf8, out, n);
    }
    if (utf8.failed) b->failed = 1;
    buffer_field(b, (const char *)utf8.data, utf8.length);
    free(utf8.data);
}

/* malloc'd NUL-terminated UTF-16 copy of UTF-8 text (invalid bytes become U+FFFD). */
static WCHAR *utf16_from_utf8(const uint8_t *s, size_t n) {
    WCHAR *out = malloc((n + 1) * sizeof(WCHAR));
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c = s[i];
        size_t extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 9;
        int valid = extra != 9 && i + extra < n;
        for (size_t k = 1; valid && k <= extra; k++) valid = (s[i + k] & 0xC0) == 0x80;
        if (!valid) {
            out[o++] = 0xFFFD;
            i++;
            continue;
        }
        if (extra) {
            c &= 0x3F >> extra;
            for (size_t k = 1; k <= extra; k++) c = (c << 6) | (s[i + k] & 0x3F);
        }
        i += extra + 1;
        if (c >= 0x10000) {
            c -= 0x10000;
            out[o++] = (WCHAR)(0xD800 + (c >> 10));
            out[o++] = (WCHAR)(0xDC00 + (c & 0x3FF));
        } else {
            out[o++] = (WCHAR)c;
        }
    }
    out[o] = 0;
    return out;
}

/* malloc'd UTF-16 copy of ASCII text. */
static WCHAR *utf16_from_ascii(const char *s) { return utf16_from_utf8((const uint8_t *)s, strlen(s)); }

/* ---- argument encoders ---- */

static void buffer_guid(Buffer *b, const GUID *g) {
    char text[37];
    if (!g) {
        buffer_u32(b, NULL_FIELD);
        return;
    }
    snprintf(text, sizeof text, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", g->Data1, g->Data2,
             g->Data3, g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5],
             g->Data4[6], g->Data4[7]);
    buffer_text(b, text);
}

static void buffer_handle(Buffer *b, void *h) {
    char text[32];
    snprintf(text, sizeof text, "%llu", (unsigned long long)(uintptr_t)h);
    buffer_text(b, text);
}

/* ---- transport ---- */

typedef struct {
    HRESULT hr;
    uint32_t count;
    const uint8_t *field[MAX_FIELDS];
    uint32_t length[MAX_FIELDS]; /* NULL_FIELD when absent */
    uint8_t *frame;
} Reply;

static int write_all(int fd, const uint8_t *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, Buffer *b) {
    uint8_t chunk[4096];
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return -1;
        if (r == 0) return b->failed ? -1 : 0;
        buffer_put(b, chunk, (size_t)r);
    }
}

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Sends the request frame (field count patched in) and parses the reply; 0 on success. */
static int exchange(Buffer *request, uint32_t count, Reply *reply) {
    memset(reply, 0, sizeof *reply);
    if (request->failed) return -1;
    request->data[0] = (uint8_t)count;
    request->data[1] = (uint8_t)(count >> 8);
    request->data[2] = request->data[3] = 0;
    const char *path = getenv("L2B_HCN_SOCKET");
    if (!path || !*path) return -1;
    struct sockaddr_un address = {0};
    address.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof address.sun_path) return -1;
    strcpy(address.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    struct timeval timeout = {120, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    Buffer response = {0};
    int ok = connect(fd, (struct sockaddr *)&address, sizeof address) == 0 &&
             write_all(fd, request->data, request->length) == 0 && shutdown(fd, SHUT_WR) == 0 &&
             read_all(fd, &response) == 0;
    close(fd);
    if (!ok || response.length < 8) {
        free(response.data);
        return -1;
    }
    reply->frame = response.data;
    reply->hr = (HRESULT)le32(response.data);
    reply->count = le32(response.data + 4);
    size_t at = 8;
    for (uint32_t i = 0; i < reply->count && i < MAX_FIELDS; i++) {
        if (at + 4 > response.length) goto malformed;
        uint32_t n = le32(response.data + at);
        at += 4;
        reply->length[i] = n;
        if (n == NULL_FIELD) continue;
        if (at + n > response.length) goto malformed;
        reply->field[i] = response.data + at;
        at += n;
    }
    for (uint32_t i = reply->count; i < MAX_FIELDS; i++) reply->length[i] = NULL_FIELD;
    return 0;
malformed:
    free(response.data);
    reply->frame = NULL;
    return -1;
}

static WCHAR *reply_string(const Reply *r, int i) {
    if (r->length[i] == NULL_FIELD) return NULL;
    return utf16_from_utf8(r->field[i], r->length[i]);
}

static void *reply_handle(const Reply *r) {
    if (r->length[2] == NULL_FIELD || r->length[2] == 0 || r->length[2] > 30) return NULL;
    char text[32];
    memcpy(text, r->field[2], r->length[2]);
    text[r->length[2]] = 0;
    return (void *)(uintptr_t)strtoull(text, NULL, 10);
}

static const char stopped_record[] =
    "{\"Success\":false,\"Error\":\"The HCN emulator is not running (L2B_HCN_SOCKET unset or "
    "unreachable).\",\"ErrorCode\":2151350304}";

/* Runs one call; fills the optional outputs and returns the HRESULT. */
static HRESULT call(Buffer *request, uint32_t count, WCHAR **result, WCHAR **error, void **handle) {
    Reply reply;
    if (result) *result = NULL;
    if (error) *error = NULL;
    if (handle) *handle = NULL;
    int failed = exchange(request, count, &reply);
    free(request->data);
    if (failed) {
        if (error) *error = utf16_from_ascii(stopped_record);
        return HCN_E_MANAGER_STOPPED;
    }
    if (result) *result = reply_string(&reply, 0);
    if (error) *error = reply_string(&reply, 1);
    if (handle) *handle = reply_handle(&reply);
    HRESULT hr = reply.hr;
    free(reply.frame);
    return hr;
}

static Buffer begin(const char *function) {
    Buffer b = {0};
    buffer_u32(&b, 0);
    buffer_text(&b, function);
    return b;
}

/* ---- entry points ---- */

#define DEFINE_KIND(Kind)                                                                           \
    EXPORT HRESULT HcnEnumerate##Kind##s(const WCHAR *query, WCHAR **result, WCHAR **error) {     \
        Buffer b = begin("HcnEnumerate" #Kind "s");                                               \
        buffer_utf16(&b, query);                                                                    \
        return call(&b, 2, result, error, NULL);                                                    \
    }                                                                                               \
    EXPORT HRESULT HcnOpen##Kind(const GUID *id, void **handle, WCHAR **error) {                   \
        Buffer b = begin("HcnOpen" #Kind);                                                         \
        buffer_guid(&b, id);                                                                        \
        return call(&b, 2, NULL, error, handle);                                                    \
    }                                                                                               \
    EXPORT HRESULT HcnModify##Kind(void *handle, const WCHAR *settings, WCHAR **error) {           \
        Buffer b = begin("HcnModify" #Kind);                                                       \
        buffer_handle(&b, handle);                                                                  \
        buffer_utf16(&b, settings);                                                                 \
        return call(&b, 3, NULL, error, NULL);                                                      \
    }                                                                                               \
    EXPORT HRESULT HcnQuery##Kind##Properties(void *handle, const WCHAR *query, WCHAR **result,    \
                                               WCHAR **error) {                                     \
        Buffer b = begin("HcnQuery" #Kind "Properties");                                          \
        buffer_handle(&b, handle);                                                                  \
        buffer_utf16(&b, query);                                                                    \
        return call(&b, 3, result, error, NULL);                                                    \
    }                                                                                               \
    EXPORT HRESULT HcnDelete##Kind(const GUID *id, WCHAR **error) {                                \
        Buffer b = begin("HcnDelete" #Kind);                                                       \
        buffer_guid(&b, id);                                                                        \
        return call(&b, 2, NULL, error, NULL);                                                      \
    }                                                                                               \
    EXPORT HRESULT HcnClose##Kind(void *handle) {                                                  \
        Buffer b = begin("HcnClose" #Kind);                                                        \
        buffer_handle(&b, handle);                                                                  \
        return call(&b, 2, NULL, NULL, NULL);                                                       \
    }

#define DEFINE_CREATE(Kind)                                                                         \
    EXPORT HRESULT HcnCreate##Kind(const GUID *id, const WCHAR *settings, void **handle,           \
                                    WCHAR **error) {                                                \
        Buffer b = begin("HcnCreate" #Kind);                                                       \
        buffer_guid(&b, id);                                                                        \
        buffer_utf16(&b, settings);                                                                 \
        return call(&b, 3, NULL, error, handle);                                                    \
    }

DEFINE_KIND(Network)
DEFINE_KIND(Endpoint)
DEFINE_KIND(LoadBalancer)
DEFINE_KIND(Namespace)
DEFINE_CREATE(Network)
DEFINE_CREATE(LoadBalancer)
DEFINE_CREATE(Namespace)

EXPORT HRESULT HcnCreateEndpoint(void *network, const GUID *id, const WCHAR *settings, void **handle,
                                 WCHAR **error) {
    Buffer b = begin("HcnCreateEndpoint");
    buffer_handle(&b, network);
    buffer_guid(&b, id);
    buffer_utf16(&b, settings);
    return call(&b, 4, NULL, error, handle);
}

/* v1: the response envelope comes back through `response` (the error record field when the
 * emulator answers with one, else the result field). */
EXPORT HRESULT HNSCall(const WCHAR *method, const WCHAR *path, const WCHAR *request,
                       WCHAR **response) {
    Buffer b = begin("HNSCall");
    buffer_utf16(&b, method);
    buffer_utf16(&b, path);
    buffer_utf16(&b, request);
    WCHAR *error = NULL;
    HRESULT hr = call(&b, 4, response, &error, NULL);
    if (response && !*response) {
        *response = error;
    } else {
        free(error);
    }
    return hr;
}
