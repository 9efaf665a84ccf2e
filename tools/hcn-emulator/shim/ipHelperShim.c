/*
 * iphlpapi.dll stand-in for Linux: the IP Helper table functions a binding declares with
 * [DllImport("iphlpapi.dll")], answered from the kernel of the calling thread's network namespace
 * (rtnetlink dumps on a NETLINK_ROUTE socket, and /proc/sys/net/ipv4/conf/<dev>/forwarding).
 *
 * IPv4 only: Family AF_INET (2) is served; AF_INET6 (23) and AF_UNSPEC (0) return
 * ERROR_NOT_SUPPORTED, any other family ERROR_INVALID_PARAMETER.
 *
 * Linux state maps to Windows by the same rules as the emulated cmdlets in
 * tools/windows-host/modules/L2bWindowsEmulation, so both views of a host agree:
 *   - a link is an interface; its Alias is IFLA_IFALIAS when set and non-empty, else IFLA_IFNAME;
 *     its index is the Linux ifindex and its LUID a synthetic value derived from that index;
 *   - it is up (OperStatus, MediaConnectState, Connected) when IFF_UP and operstate UP or UNKNOWN;
 *   - it has an IPv4 interface when /proc/sys/net/ipv4/conf/<ifname> exists, forwarding when the
 *     forwarding file there reads "1";
 *   - routes are the main table's unicast routes that name an output device;
 *   - neighbour states: PERMANENT/NOARP -> Permanent, REACHABLE, STALE, DELAY, PROBE, INCOMPLETE
 *     as such, anything else -> Unreachable.
 * Rows whose interface is not among the links read in the same call are left out.
 *
 * Every table is one malloc'd block in the x64 layout of netioapi.h (NumEntries, then the rows at
 * offset 8); FreeMibTable releases it. Calls keep no state between them and are thread-safe.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the Windows layouts are little-endian");

/* ---- Windows types and constants ---- */

typedef uint16_t WCHAR;
typedef uint8_t BOOLEAN;
typedef uint8_t UCHAR;
typedef uint32_t ULONG;
typedef uint64_t ULONG64;
typedef uint16_t ADDRESS_FAMILY;
typedef uint64_t NET_LUID;
typedef uint32_t NET_IFINDEX;

#define NO_ERROR 0u
#define ERROR_NOT_ENOUGH_MEMORY 8u
#define ERROR_GEN_FAILURE 31u
#define ERROR_NOT_SUPPORTED 50u
#define ERROR_INVALID_PARAMETER 87u
#define ERROR_NOT_FOUND 1168u
#define ERROR_NETWORK_UNREACHABLE 1231u

#define WIN_AF_UNSPEC 0
#define WIN_AF_INET 2
#define WIN_AF_INET6 23

#define IF_MAX_STRING_SIZE 256
#define IF_MAX_PHYS_ADDRESS_LENGTH 32
#define SCOPE_LEVEL_COUNT 16
#define ANY_SIZE 1

#define IF_TYPE_ETHERNET_CSMACD 6u
#define IF_TYPE_SOFTWARE_LOOPBACK 24u

enum { IfOperStatusUp = 1, IfOperStatusDown = 2 };
enum { NET_IF_ADMIN_STATUS_UP = 1, NET_IF_ADMIN_STATUS_DOWN = 2 };
enum { MediaConnectStateConnected = 1, MediaConnectStateDisconnected = 2 };
enum { IpPrefixOriginManual = 1 };
enum { IpSuffixOriginManual = 1 };
enum { IpDadStatePreferred = 4 };
enum {
    NlnsUnreachable = 0,
    NlnsIncomplete = 1,
    NlnsProbe = 2,
    NlnsDelay = 3,
    NlnsStale = 4,
    NlnsReachable = 5,
    NlnsPermanent = 6,
};
enum { MIB_IPPROTO_LOCAL = 2, MIB_IPPROTO_NETMGMT = 3 };
enum { NlroManual = 0 };

#define INFINITE_LIFETIME 0xFFFFFFFFu

typedef struct {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} GUID;

/* ws2def.h / ws2ipdef.h */

typedef union {
    struct {
        UCHAR s_b1, s_b2, s_b3, s_b4;
    } S_un_b;
    struct {
        uint16_t s_w1, s_w2;
    } S_un_w;
    ULONG S_addr;
} IN_ADDR;

typedef struct {
    ADDRESS_FAMILY sin_family;
    uint16_t sin_port;
    IN_ADDR sin_addr;
    char sin_zero[8];
} SOCKADDR_IN;

typedef union {
    UCHAR Byte[16];
    uint16_t Word[8];
} IN6_ADDR;

typedef struct {
    ADDRESS_FAMILY sin6_family;
    uint16_t sin6_port;
    ULONG sin6_flowinfo;
    IN6_ADDR sin6_addr;
    ULONG sin6_scope_id;
} SOCKADDR_IN6;

typedef union {
    SOCKADDR_IN Ipv4;
    SOCKADDR_IN6 Ipv6;
    ADDRESS_FAMILY si_family;
} SOCKADDR_INET;

typedef struct {
    SOCKADDR_INET Prefix;
    UCHAR PrefixLength;
} IP_ADDRESS_PREFIX;

/* ifdef.h / netioapi.h */

typedef struct {
    BOOLEAN NlChecksumSupported : 1;
    BOOLEAN NlOptionsSupported : 1;
    BOOLEAN TlDatagramChecksumSupported : 1;
    BOOLEAN TlStreamChecksumSupported : 1;
    BOOLEAN TlStreamOptionsSupported : 1;
    BOOLEAN FastPathCompatible : 1;
    BOOLEAN TlLargeSendOffloadSupported : 1;
    BOOLEAN TlGiantSendOffloadSupported : 1;
} NL_INTERFACE_OFFLOAD_ROD;

typedef struct {
    NET_LUID InterfaceLuid;
    NET_IFINDEX InterfaceIndex;
    GUID InterfaceGuid;
    WCHAR Alias[IF_MAX_STRING_SIZE + 1];
    WCHAR Description[IF_MAX_STRING_SIZE + 1];
    ULONG PhysicalAddressLength;
    UCHAR PhysicalAddress[IF_MAX_PHYS_ADDRESS_LENGTH];
    UCHAR PermanentPhysicalAddress[IF_MAX_PHYS_ADDRESS_LENGTH];
    ULONG Mtu;
    ULONG Type;                /* IFTYPE */
    int32_t TunnelType;        /* TUNNEL_TYPE */
    int32_t MediaType;         /* NDIS_MEDIUM */
    int32_t PhysicalMediumType; /* NDIS_PHYSICAL_MEDIUM */
    int32_t AccessType;        /* NET_IF_ACCESS_TYPE */
    int32_t DirectionType;     /* NET_IF_DIRECTION_TYPE */
    struct {
        BOOLEAN HardwareInterface : 1;
        BOOLEAN FilterInterface : 1;
        BOOLEAN ConnectorPresent : 1;
        BOOLEAN NotAuthenticated : 1;
        BOOLEAN NotMediaConnected : 1;
        BOOLEAN Paused : 1;
        BOOLEAN LowPower : 1;
        BOOLEAN EndPointInterface : 1;
    } InterfaceAndOperStatusFlags;
    int32_t OperStatus;        /* IF_OPER_STATUS */
    int32_t AdminStatus;       /* NET_IF_ADMIN_STATUS */
    int32_t MediaConnectState; /* NET_IF_MEDIA_CONNECT_STATE */
    GUID NetworkGuid;          /* NET_IF_NETWORK_GUID */
    int32_t ConnectionType;    /* NET_IF_CONNECTION_TYPE */
    ULONG64 TransmitLinkSpeed;
    ULONG64 ReceiveLinkSpeed;
    ULONG64 InOctets;
    ULONG64 InUcastPkts;
    ULONG64 InNUcastPkts;
    ULONG64 InDiscards;
    ULONG64 InErrors;
    ULONG64 InUnknownProtos;
    ULONG64 InUcastOctets;
    ULONG64 InMulticastOctets;
    ULONG64 InBroadcastOctets;
    ULONG64 OutOctets;
    ULONG64 OutUcastPkts;
    ULONG64 OutNUcastPkts;
    ULONG64 OutDiscards;
    ULONG64 OutErrors;
    ULONG64 OutUcastOctets;
    ULONG64 OutMulticastOctets;
    ULONG64 OutBroadcastOctets;
    ULONG64 OutQLen;
} MIB_IF_ROW2;

typedef struct {
    ULONG NumEntries;
    MIB_IF_ROW2 Table[ANY_SIZE];
} MIB_IF_TABLE2;

typedef struct {
    ADDRESS_FAMILY Family;
    NET_LUID InterfaceLuid;
    NET_IFINDEX InterfaceIndex;
    ULONG MaxReassemblySize;
    ULONG64 InterfaceIdentifier;
    ULONG MinRouterAdvertisementInterval;
    ULONG MaxRouterAdvertisementInterval;
    BOOLEAN AdvertisingEnabled;
    BOOLEAN ForwardingEnabled;
    BOOLEAN WeakHostSend;
    BOOLEAN WeakHostReceive;
    BOOLEAN UseAutomaticMetric;
    BOOLEAN UseNeighborUnreachabilityDetection;
    BOOLEAN ManagedAddressConfigurationSupported;
    BOOLEAN OtherStatefulConfigurationSupported;
    BOOLEAN AdvertiseDefaultRoute;
    int32_t RouterDiscoveryBehavior; /* NL_ROUTER_DISCOVERY_BEHAVIOR */
    ULONG DadTransmits;
    ULONG BaseReachableTime;
    ULONG RetransmitTime;
    ULONG PathMtuDiscoveryTimeout;
    int32_t LinkLocalAddressBehavior; /* NL_LINK_LOCAL_ADDRESS_BEHAVIOR */
    ULONG LinkLocalAddressTimeout;
    ULONG ZoneIndices[SCOPE_LEVEL_COUNT];
    ULONG SitePrefixLength;
    ULONG Metric;
    ULONG NlMtu;
    BOOLEAN Connected;
    BOOLEAN SupportsWakeUpPatterns;
    BOOLEAN SupportsNeighborDiscovery;
    BOOLEAN SupportsRouterDiscovery;
    ULONG ReachableTime;
    NL_INTERFACE_OFFLOAD_ROD TransmitOffload;
    NL_INTERFACE_OFFLOAD_ROD ReceiveOffload;
    BOOLEAN DisableDefaultRoutes;
} MIB_IPINTERFACE_ROW;

typedef struct {
    ULONG NumEntries;
    MIB_IPINTERFACE_ROW Table[ANY_SIZE];
} MIB_IPINTERFACE_TABLE;

typedef struct {
    SOCKADDR_INET Address;
    NET_LUID InterfaceLuid;
    NET_IFINDEX InterfaceIndex;
    int32_t PrefixOrigin; /* NL_PREFIX_ORIGIN */
    int32_t SuffixOrigin; /* NL_SUFFIX_ORIGIN */
    ULONG ValidLifetime;
    ULONG PreferredLifetime;
    uint8_t OnLinkPrefixLength;
    BOOLEAN SkipAsSource;
    int32_t DadState; /* NL_DAD_STATE */
    ULONG ScopeId;    /* SCOPE_ID */
    int64_t CreationTimeStamp; /* LARGE_INTEGER */
} MIB_UNICASTIPADDRESS_ROW;

typedef struct {
    ULONG NumEntries;
    MIB_UNICASTIPADDRESS_ROW Table[ANY_SIZE];
} MIB_UNICASTIPADDRESS_TABLE;

typedef struct {
    SOCKADDR_INET Address;
    NET_IFINDEX InterfaceIndex;
    NET_LUID InterfaceLuid;
    UCHAR PhysicalAddress[IF_MAX_PHYS_ADDRESS_LENGTH];
    ULONG PhysicalAddressLength;
    int32_t State; /* NL_NEIGHBOR_STATE */
    union {
        struct {
            BOOLEAN IsRouter : 1;
            BOOLEAN IsUnreachable : 1;
        };
        UCHAR Flags;
    };
    union {
        ULONG LastReachable;
        ULONG LastUnreachable;
    } ReachabilityTime;
} MIB_IPNET_ROW2;

typedef struct {
    ULONG NumEntries;
    MIB_IPNET_ROW2 Table[ANY_SIZE];
} MIB_IPNET_TABLE2;

typedef struct {
    NET_LUID InterfaceLuid;
    NET_IFINDEX InterfaceIndex;
    IP_ADDRESS_PREFIX DestinationPrefix;
    SOCKADDR_INET NextHop;
    UCHAR SitePrefixLength;
    ULONG ValidLifetime;
    ULONG PreferredLifetime;
    ULONG Metric;
    int32_t Protocol; /* NL_ROUTE_PROTOCOL */
    BOOLEAN Loopback;
    BOOLEAN AutoconfigureAddress;
    BOOLEAN Publish;
    BOOLEAN Immortal;
    ULONG Age;
    int32_t Origin; /* NL_ROUTE_ORIGIN */
} MIB_IPFORWARD_ROW2;

typedef struct {
    ULONG NumEntries;
    MIB_IPFORWARD_ROW2 Table[ANY_SIZE];
} MIB_IPFORWARD_TABLE2;

/* The x64 layouts Windows' compiler gives these declarations. */
#define LAYOUT(type, field, offset) \
    _Static_assert(offsetof(type, field) == (offset), #type "." #field)

_Static_assert(sizeof(SOCKADDR_IN) == 16, "SOCKADDR_IN");
_Static_assert(sizeof(SOCKADDR_IN6) == 28, "SOCKADDR_IN6");
_Static_assert(sizeof(SOCKADDR_INET) == 28 && _Alignof(SOCKADDR_INET) == 4, "SOCKADDR_INET");
LAYOUT(SOCKADDR_IN, sin_addr, 4);
LAYOUT(SOCKADDR_IN6, sin6_addr, 8);
LAYOUT(SOCKADDR_IN6, sin6_scope_id, 24);

_Static_assert(sizeof(MIB_IPINTERFACE_ROW) == 168, "MIB_IPINTERFACE_ROW");
LAYOUT(MIB_IPINTERFACE_ROW, InterfaceLuid, 8);
LAYOUT(MIB_IPINTERFACE_ROW, InterfaceIndex, 16);
LAYOUT(MIB_IPINTERFACE_ROW, MaxReassemblySize, 20);
LAYOUT(MIB_IPINTERFACE_ROW, InterfaceIdentifier, 24);
LAYOUT(MIB_IPINTERFACE_ROW, MinRouterAdvertisementInterval, 32);
LAYOUT(MIB_IPINTERFACE_ROW, MaxRouterAdvertisementInterval, 36);
LAYOUT(MIB_IPINTERFACE_ROW, AdvertisingEnabled, 40);
LAYOUT(MIB_IPINTERFACE_ROW, ForwardingEnabled, 41);
LAYOUT(MIB_IPINTERFACE_ROW, WeakHostSend, 42);
LAYOUT(MIB_IPINTERFACE_ROW, WeakHostReceive, 43);
LAYOUT(MIB_IPINTERFACE_ROW, UseAutomaticMetric, 44);
LAYOUT(MIB_IPINTERFACE_ROW, UseNeighborUnreachabilityDetection, 45);
LAYOUT(MIB_IPINTERFACE_ROW, ManagedAddressConfigurationSupported, 46);
LAYOUT(MIB_IPINTERFACE_ROW, OtherStatefulConfigurationSupported, 47);
LAYOUT(MIB_IPINTERFACE_ROW, AdvertiseDefaultRoute, 48);
LAYOUT(MIB_IPINTERFACE_ROW, RouterDiscoveryBehavior, 52);
LAYOUT(MIB_IPINTERFACE_ROW, DadTransmits, 56);
LAYOUT(MIB_IPINTERFACE_ROW, BaseReachableTime, 60);
LAYOUT(MIB_IPINTERFACE_ROW, RetransmitTime, 64);
LAYOUT(MIB_IPINTERFACE_ROW, PathMtuDiscoveryTimeout, 68);
LAYOUT(MIB_IPINTERFACE_ROW, LinkLocalAddressBehavior, 72);
LAYOUT(MIB_IPINTERFACE_ROW, LinkLocalAddressTimeout, 76);
LAYOUT(MIB_IPINTERFACE_ROW, ZoneIndices, 80);
LAYOUT(MIB_IPINTERFACE_ROW, SitePrefixLength, 144);
LAYOUT(MIB_IPINTERFACE_ROW, Metric, 148);
LAYOUT(MIB_IPINTERFACE_ROW, NlMtu, 152);
LAYOUT(MIB_IPINTERFACE_ROW, Connected, 156);
LAYOUT(MIB_IPINTERFACE_ROW, SupportsWakeUpPatterns, 157);
LAYOUT(MIB_IPINTERFACE_ROW, SupportsNeighborDiscovery, 158);
LAYOUT(MIB_IPINTERFACE_ROW, SupportsRouterDiscovery, 159);
LAYOUT(MIB_IPINTERFACE_ROW, ReachableTime, 160);
LAYOUT(MIB_IPINTERFACE_ROW, TransmitOffload, 164);
LAYOUT(MIB_IPINTERFACE_ROW, ReceiveOffload, 165);
LAYOUT(MIB_IPINTERFACE_ROW, DisableDefaultRoutes, 166);
_Static_assert(sizeof(MIB_IPINTERFACE_TABLE) == 176, "MIB_IPINTERFACE_TABLE");
LAYOUT(MIB_IPINTERFACE_TABLE, Table, 8);

_Static_assert(sizeof(MIB_IF_ROW2) == 1352, "MIB_IF_ROW2");
LAYOUT(MIB_IF_ROW2, InterfaceLuid, 0);
LAYOUT(MIB_IF_ROW2, InterfaceIndex, 8);
LAYOUT(MIB_IF_ROW2, InterfaceGuid, 12);
LAYOUT(MIB_IF_ROW2, Alias, 28);
LAYOUT(MIB_IF_ROW2, Description, 542);
LAYOUT(MIB_IF_ROW2, PhysicalAddressLength, 1056);
LAYOUT(MIB_IF_ROW2, PhysicalAddress, 1060);
LAYOUT(MIB_IF_ROW2, PermanentPhysicalAddress, 1092);
LAYOUT(MIB_IF_ROW2, Mtu, 1124);
LAYOUT(MIB_IF_ROW2, Type, 1128);
LAYOUT(MIB_IF_ROW2, TunnelType, 1132);
LAYOUT(MIB_IF_ROW2, MediaType, 1136);
LAYOUT(MIB_IF_ROW2, PhysicalMediumType, 1140);
LAYOUT(MIB_IF_ROW2, AccessType, 1144);
LAYOUT(MIB_IF_ROW2, DirectionType, 1148);
LAYOUT(MIB_IF_ROW2, InterfaceAndOperStatusFlags, 1152);
_Static_assert(sizeof(((MIB_IF_ROW2 *)0)->InterfaceAndOperStatusFlags) == 1, "status flags");
LAYOUT(MIB_IF_ROW2, OperStatus, 1156);
LAYOUT(MIB_IF_ROW2, AdminStatus, 1160);
LAYOUT(MIB_IF_ROW2, MediaConnectState, 1164);
LAYOUT(MIB_IF_ROW2, NetworkGuid, 1168);
LAYOUT(MIB_IF_ROW2, ConnectionType, 1184);
LAYOUT(MIB_IF_ROW2, TransmitLinkSpeed, 1192);
LAYOUT(MIB_IF_ROW2, ReceiveLinkSpeed, 1200);
LAYOUT(MIB_IF_ROW2, InOctets, 1208);
LAYOUT(MIB_IF_ROW2, OutQLen, 1344);
_Static_assert(sizeof(MIB_IF_TABLE2) == 1360, "MIB_IF_TABLE2");
LAYOUT(MIB_IF_TABLE2, Table, 8);

_Static_assert(sizeof(MIB_UNICASTIPADDRESS_ROW) == 80, "MIB_UNICASTIPADDRESS_ROW");
LAYOUT(MIB_UNICASTIPADDRESS_ROW, Address, 0);
LAYOUT(MIB_UNICASTIPADDRESS_ROW, InterfaceLuid, 32);
LAYOUT(MIB_UNICASTIPADDRESS_ROW, InterfaceIndex, 40);
LAYOUT(MIB_UNICASTIPADDRESS_ROW, PrefixOrigin, 44);
LAYOUT(MIB_UNICASTIPADDRESS_ROW, SuffixOrigin, 48);
LAYOUT(MIB_UNICASTIPADDRESS_ROW, ValidLifetime, 52);
LAYOUT(MIB_UNICASTIPADDRESS_ROW, PreferredLifetime, 56);
LAYOUT(MIB_UNICASTIPADDRESS_ROW, OnLinkPrefixLength, 60);
LAYOUT(MIB_UNICASTIPADDRESS_ROW, SkipAsSource, 61);
LAYOUT(MIB_UNICASTIPADDRESS_ROW, DadState, 64);
LAYOUT(MIB_UNICASTIPADDRESS_ROW, ScopeId, 68);
LAYOUT(MIB_UNICASTIPADDRESS_ROW, CreationTimeStamp, 72);
LAYOUT(MIB_UNICASTIPADDRESS_TABLE, Table, 8);

_Static_assert(sizeof(MIB_IPNET_ROW2) == 88, "MIB_IPNET_ROW2");
LAYOUT(MIB_IPNET_ROW2, Address, 0);
LAYOUT(MIB_IPNET_ROW2, InterfaceIndex, 28);
LAYOUT(MIB_IPNET_ROW2, InterfaceLuid, 32);
LAYOUT(MIB_IPNET_ROW2, PhysicalAddress, 40);
LAYOUT(MIB_IPNET_ROW2, PhysicalAddressLength, 72);
LAYOUT(MIB_IPNET_ROW2, State, 76);
LAYOUT(MIB_IPNET_ROW2, Flags, 80);
LAYOUT(MIB_IPNET_ROW2, ReachabilityTime, 84);
LAYOUT(MIB_IPNET_TABLE2, Table, 8);

_Static_assert(sizeof(IP_ADDRESS_PREFIX) == 32, "IP_ADDRESS_PREFIX");
LAYOUT(IP_ADDRESS_PREFIX, Prefix, 0);
LAYOUT(IP_ADDRESS_PREFIX, PrefixLength, 28);

_Static_assert(sizeof(MIB_IPFORWARD_ROW2) == 104, "MIB_IPFORWARD_ROW2");
LAYOUT(MIB_IPFORWARD_ROW2, InterfaceLuid, 0);
LAYOUT(MIB_IPFORWARD_ROW2, InterfaceIndex, 8);
LAYOUT(MIB_IPFORWARD_ROW2, DestinationPrefix, 12);
LAYOUT(MIB_IPFORWARD_ROW2, NextHop, 44);
LAYOUT(MIB_IPFORWARD_ROW2, SitePrefixLength, 72);
LAYOUT(MIB_IPFORWARD_ROW2, ValidLifetime, 76);
LAYOUT(MIB_IPFORWARD_ROW2, PreferredLifetime, 80);
LAYOUT(MIB_IPFORWARD_ROW2, Metric, 84);
LAYOUT(MIB_IPFORWARD_ROW2, Protocol, 88);
LAYOUT(MIB_IPFORWARD_ROW2, Loopback, 92);
LAYOUT(MIB_IPFORWARD_ROW2, AutoconfigureAddress, 93);
LAYOUT(MIB_IPFORWARD_ROW2, Publish, 94);
LAYOUT(MIB_IPFORWARD_ROW2, Immortal, 95);
LAYOUT(MIB_IPFORWARD_ROW2, Age, 96);
LAYOUT(MIB_IPFORWARD_ROW2, Origin, 100);
LAYOUT(MIB_IPFORWARD_TABLE2, Table, 8);

/* ---- growable array of zero-filled elements ---- */

typedef struct {
    uint8_t *data;
    size_t count;
    size_t capacity;
    size_t size; /* bytes per element */
} Vector;

/* Appends a zero-filled element; NULL when memory runs out. */
static void *vector_push(Vector *v) {
    if (v->count == v->capacity) {
        size_t capacity = v->capacity ? v->capacity * 2 : 16;
        uint8_t *grown = realloc(v->data, capacity * v->size);
        if (!grown) return NULL;
        v->data = grown;
        v->capacity = capacity;
    }
    void *element = v->data + v->count * v->size;
    memset(element, 0, v->size);
    v->count++;
    return element;
}

/*
 * Copies the collected rows into one block laid out as a MIB table: ULONG NumEntries, then the
 * rows at `rows_offset`. `minimum_size` is sizeof the table type (header and one row), allocated
 * even for fewer rows. With `empty_not_found`, no rows is ERROR_NOT_FOUND and no block.
 */
static uint32_t publish_table(const Vector *rows, size_t rows_offset, size_t minimum_size,
                              int empty_not_found, void **table) {
    *table = NULL;
    if (rows->count == 0 && empty_not_found) return ERROR_NOT_FOUND;
    if (rows->count > (SIZE_MAX - rows_offset) / rows->size || rows->count > UINT32_MAX) {
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    size_t size = rows_offset + rows->count * rows->size;
    if (size < minimum_size) size = minimum_size;
    uint8_t *block = calloc(1, size);
    if (!block) return ERROR_NOT_ENOUGH_MEMORY;
    uint32_t count = (uint32_t)rows->count;
    memcpy(block, &count, sizeof count);
    if (rows->count) memcpy(block + rows_offset, rows->data, rows->count * rows->size);
    *table = block;
    return NO_ERROR;
}

/* ---- text ---- */

/*
 * Writes n bytes of UTF-8 as NUL-terminated UTF-16 into out[capacity] (capacity counts the
 * terminator). Ill-formed bytes (bad lead or continuation bytes, overlong forms, surrogates,
 * values past U+10FFFF) become U+FFFD one byte at a time; text that does not fit is cut before the
 * first character that would not fit whole, so a surrogate pair is never split.
 */
static void utf16_from_utf8(WCHAR *out, size_t capacity, const char *text, size_t n) {
    const uint8_t *s = (const uint8_t *)text;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c = s[i];
        size_t length = 0;
        uint32_t minimum = 0;
        if (c < 0x80) {
            length = 1;
        } else if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            c &= 0x1F;
            minimum = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            c &= 0x0F;
            minimum = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            c &= 0x07;
            minimum = 0x10000;
        }
        int valid = length != 0 && length <= n - i;
        for (size_t k = 1; valid && k < length; k++) {
            if ((s[i + k] & 0xC0) != 0x80) {
                valid = 0;
            } else {
                c = (c << 6) | (s[i + k] & 0x3F);
            }
        }
        if (valid && (c < minimum || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))) valid = 0;
        if (!valid) {
            c = 0xFFFD;
            length = 1;
        }
        size_t units = c >= 0x10000 ? 2 : 1;
        if (o + units >= capacity) break;
        if (units == 2) {
            c -= 0x10000;
            out[o++] = (WCHAR)(0xD800 + (c >> 10));
            out[o++] = (WCHAR)(0xDC00 + (c & 0x3FF));
        } else {
            out[o++] = (WCHAR)c;
        }
        i += length;
    }
    out[o] = 0;
}

/* ---- rtnetlink ---- */

#define NETLINK_RECEIVE_TIMEOUT_SECONDS 5
#define NETLINK_DEADLINE_SECONDS 15
#define DUMP_ATTEMPTS 3

/* Consumes one reply message: NO_ERROR to go on, else the Windows error to stop with. */
typedef uint32_t (*MessageHandler)(const struct nlmsghdr *message, void *context);

static double monotonic_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Receives one datagram into *buffer (grown to fit); its length (0 when not from the kernel), or
 * -1. */
static ssize_t receive_datagram(int fd, uint8_t **buffer, size_t *capacity) {
    for (;;) {
        ssize_t pending = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
        if (pending < 0 && errno == EINTR) continue;
        if (pending < 0) return -1;
        if ((size_t)pending > *capacity) {
            uint8_t *grown = realloc(*buffer, (size_t)pending);
            if (!grown) return -1;
            *buffer = grown;
            *capacity = (size_t)pending;
        }
        struct sockaddr_nl from;
        struct iovec vector = {*buffer, *capacity};
        struct msghdr header = {.msg_name = &from,
                                .msg_namelen = sizeof from,
                                .msg_iov = &vector,
                                .msg_iovlen = 1};
        ssize_t n = recvmsg(fd, &header, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 || (header.msg_flags & MSG_TRUNC)) return -1;
        /* A datagram not from the kernel counts as empty, so the caller's deadline still holds. */
        if (header.msg_namelen != sizeof from || from.nl_pid != 0) return 0;
        return n;
    }
}

/*
 * Sends `request` (its nlmsg_seq is set here) on a fresh NETLINK_ROUTE socket and feeds every
 * reply message to `handler`, until NLMSG_DONE ends a dump or the single reply of a plain request
 * has come. A dump the kernel marks interrupted (the table changed under it) is asked for again,
 * with `rows` emptied, up to DUMP_ATTEMPTS times; the last answer stands. An error the kernel
 * reports goes to *kernel_error (a positive errno) as ERROR_GEN_FAILURE.
 */
static uint32_t netlink_request(struct nlmsghdr *request, MessageHandler handler, void *context,
                                Vector *rows, int *kernel_error) {
    *kernel_error = 0;
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) return ERROR_GEN_FAILURE;
    uint32_t status = ERROR_GEN_FAILURE;
    uint8_t *buffer = NULL;
    size_t capacity = 0;
    struct timeval timeout = {NETLINK_RECEIVE_TIMEOUT_SECONDS, 0};
    struct sockaddr_nl local = {.nl_family = AF_NETLINK};
    socklen_t local_length = sizeof local;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout) != 0 ||
        bind(fd, (struct sockaddr *)&local, sizeof local) != 0 ||
        getsockname(fd, (struct sockaddr *)&local, &local_length) != 0) {
        goto out;
    }
    double deadline = monotonic_seconds() + NETLINK_DEADLINE_SECONDS;
    for (uint32_t attempt = 1; attempt <= DUMP_ATTEMPTS; attempt++) {
        request->nlmsg_seq = attempt;
        request->nlmsg_pid = 0;
        struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
        ssize_t sent;
        do {
            sent = sendto(fd, request, request->nlmsg_len, 0, (struct sockaddr *)&kernel,
                          sizeof kernel);
        } while (sent < 0 && errno == EINTR);
        if (sent != (ssize_t)request->nlmsg_len) goto out;
        if (rows) rows->count = 0;
        int interrupted = 0;
        int finished = 0;
        while (!finished) {
            if (monotonic_seconds() > deadline) goto out;
            ssize_t n = receive_datagram(fd, &buffer, &capacity);
            if (n < 0) goto out;
            size_t remaining = (size_t)n;
            for (const struct nlmsghdr *m = (const void *)buffer;
                 !finished && remaining >= sizeof *m && m->nlmsg_len >= sizeof *m &&
                 m->nlmsg_len <= remaining;) {
                if (m->nlmsg_seq == attempt && m->nlmsg_pid == local.nl_pid) {
                    if (m->nlmsg_flags & NLM_F_DUMP_INTR) interrupted = 1;
                    if (m->nlmsg_type == NLMSG_ERROR) {
                        const struct nlmsgerr *e = NLMSG_DATA(m);
                        if (m->nlmsg_len < NLMSG_LENGTH(sizeof *e)) goto out;
                        if (e->error != 0) {
                            *kernel_error = -e->error;
                            goto out;
                        }
                        finished = 1; /* an acknowledgement */
                    } else if (m->nlmsg_type == NLMSG_DONE) {
                        if (m->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
                            int error;
                            memcpy(&error, NLMSG_DATA(m), sizeof error);
                            if (error < 0) {
                                *kernel_error = -error;
                                goto out;
                            }
                        }
                        finished = 1;
                    } else if (m->nlmsg_type >= NLMSG_MIN_TYPE) {
                        status = handler(m, context);
                        if (status != NO_ERROR) goto out;
                        status = ERROR_GEN_FAILURE;
                        if (!(m->nlmsg_flags & NLM_F_MULTI)) finished = 1;
                    }
                }
                size_t step = NLMSG_ALIGN(m->nlmsg_len);
                if (step >= remaining) break;
                remaining -= step;
                m = (const void *)((const uint8_t *)m + step);
            }
        }
        if (!interrupted || attempt == DUMP_ATTEMPTS) {
            status = NO_ERROR;
            break;
        }
    }
out:
    free(buffer);
    close(fd);
    return status;
}

/* Indexes the attributes in [first, first + length) by type (types above max are ignored). */
static void index_attributes(const void *first, size_t length, const struct rtattr **table,
                             unsigned max) {
    memset(table, 0, (max + 1) * sizeof *table);
    const uint8_t *at = first;
    while (length >= sizeof(struct rtattr)) {
        const struct rtattr *a = (const void *)at;
        if (a->rta_len < sizeof *a || a->rta_len > length) break;
        unsigned type = a->rta_type & NLA_TYPE_MASK;
        if (type <= max) table[type] = a;
        size_t step = RTA_ALIGN(a->rta_len);
        if (step >= length) break;
        length -= step;
        at += step;
    }
}

/* Indexes the attributes that follow a message's fixed header of header_size bytes. */
static void message_attributes(const struct nlmsghdr *m, size_t header_size,
                               const struct rtattr **table, unsigned max) {
    size_t start = NLMSG_LENGTH(NLMSG_ALIGN(header_size));
    if (m->nlmsg_len < start) {
        memset(table, 0, (max + 1) * sizeof *table);
        return;
    }
    index_attributes((const uint8_t *)m + start, m->nlmsg_len - start, table, max);
}

static size_t payload_length(const struct rtattr *a) { return a->rta_len - RTA_LENGTH(0); }

static uint32_t attribute_u32(const struct rtattr *a, uint32_t absent) {
    uint32_t value = absent;
    if (a && payload_length(a) >= sizeof value) memcpy(&value, RTA_DATA(a), sizeof value);
    return value;
}

/* Copies a string attribute (NUL-terminated or not) into out[size]; its length. */
static size_t attribute_string(const struct rtattr *a, char *out, size_t size) {
    size_t n = 0;
    if (a) {
        n = strnlen(RTA_DATA(a), payload_length(a));
        if (n >= size) n = size - 1;
        memcpy(out, RTA_DATA(a), n);
    }
    out[n] = 0;
    return n;
}

/* Copies a 4-byte IPv4 address attribute; 0 when absent or of another size. */
static int attribute_ipv4(const struct rtattr *a, uint8_t out[4]) {
    if (!a || payload_length(a) != 4) return 0;
    memcpy(out, RTA_DATA(a), 4);
    return 1;
}

/* ---- links ---- */

#define ALIAS_BYTES 256 /* the kernel's IFALIASZ */
#define OPERSTATE_ABSENT 0xFF

typedef struct {
    uint32_t index;
    uint16_t type; /* ARPHRD_* */
    uint32_t flags;
    uint32_t mtu;
    uint8_t operstate;
    char name[IFNAMSIZ];
    char alias[ALIAS_BYTES + 1];
    char kind[32];
    uint8_t address[IF_MAX_PHYS_ADDRESS_LENGTH];
    uint32_t address_length;
} Link;

static uint32_t collect_link(const struct nlmsghdr *m, void *context) {
    Vector *links = context;
    if (m->nlmsg_type != RTM_NEWLINK || m->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg))) {
        return NO_ERROR;
    }
    const struct ifinfomsg *info = NLMSG_DATA(m);
    const struct rtattr *at[IFLA_MAX + 1];
    message_attributes(m, sizeof *info, at, IFLA_MAX);
    if (!at[IFLA_IFNAME] || info->ifi_index <= 0) return NO_ERROR;
    Link *link = vector_push(links);
    if (!link) return ERROR_NOT_ENOUGH_MEMORY;
    link->index = (uint32_t)info->ifi_index;
    link->type = info->ifi_type;
    link->flags = info->ifi_flags;
    link->mtu = attribute_u32(at[IFLA_MTU], 0);
    link->operstate = OPERSTATE_ABSENT;
    if (at[IFLA_OPERSTATE] && payload_length(at[IFLA_OPERSTATE]) >= 1) {
        link->operstate = *(const uint8_t *)RTA_DATA(at[IFLA_OPERSTATE]);
    }
    attribute_string(at[IFLA_IFNAME], link->name, sizeof link->name);
    attribute_string(at[IFLA_IFALIAS], link->alias, sizeof link->alias);
    if (at[IFLA_LINKINFO]) {
        const struct rtattr *info_at[IFLA_INFO_MAX + 1];
        index_attributes(RTA_DATA(at[IFLA_LINKINFO]), payload_length(at[IFLA_LINKINFO]), info_at,
                         IFLA_INFO_MAX);
        attribute_string(info_at[IFLA_INFO_KIND], link->kind, sizeof link->kind);
    }
    if (at[IFLA_ADDRESS]) {
        size_t n = payload_length(at[IFLA_ADDRESS]);
        if (n > sizeof link->address) n = sizeof link->address;
        memcpy(link->address, RTA_DATA(at[IFLA_ADDRESS]), n);
        link->address_length = (uint32_t)n;
    }
    return NO_ERROR;
}

/* Reads every link of the namespace into `links` (a Vector of Link). */
static uint32_t load_links(Vector *links) {
    struct {
        struct nlmsghdr header;
        struct ifinfomsg info;
        struct rtattr mask_header;
        uint32_t mask;
    } request = {
        .header = {.nlmsg_len = sizeof request,
                   .nlmsg_type = RTM_GETLINK,
                   .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP},
        .info = {.ifi_family = AF_UNSPEC},
        .mask_header = {.rta_len = RTA_LENGTH(sizeof(uint32_t)), .rta_type = IFLA_EXT_MASK},
        .mask = RTEXT_FILTER_SKIP_STATS,
    };
    _Static_assert(sizeof request == NLMSG_LENGTH(sizeof(struct ifinfomsg)) + RTA_LENGTH(4),
                   "link request packing");
    int kernel_error;
    links->size = sizeof(Link);
    return netlink_request(&request.header, collect_link, links, links, &kernel_error);
}

static const Link *find_link(const Vector *links, uint32_t index) {
    for (size_t i = 0; i < links->count; i++) {
        const Link *link = (const Link *)(links->data + i * links->size);
        if (link->index == index) return link;
    }
    return NULL;
}

static uint32_t link_iftype(const Link *link) {
    return link->type == ARPHRD_LOOPBACK ? IF_TYPE_SOFTWARE_LOOPBACK : IF_TYPE_ETHERNET_CSMACD;
}

/*
 * NET_LUID as Windows lays it out (Reserved:24, NetLuidIndex:24, IfType:16): the ifindex's low 24
 * bits as NetLuidIndex, its high 8 bits in Reserved, so every link has its own nonzero value.
 */
static NET_LUID link_luid(const Link *link) {
    return (uint64_t)link_iftype(link) << 48 | (uint64_t)(link->index & 0xFFFFFF) << 24 |
           (uint64_t)(link->index >> 24);
}

/* Up for Windows: administratively up with operstate UP or UNKNOWN (as Get-NetAdapter's Status). */
static int link_connected(const Link *link) {
    return (link->flags & IFF_UP) &&
           (link->operstate == IF_OPER_UP || link->operstate == IF_OPER_UNKNOWN);
}

static const char *link_alias(const Link *link) {
    return link->alias[0] ? link->alias : link->name;
}

/*
 * The links Get-NetAdapter -Physical reports: ethernet links that are neither bridges nor tunnels
 * nor HNS vNICs ("vEthernet (...)").
 */
static int link_physical(const Link *link) {
    static const char *const kinds[] = {"", "veth", "macvlan", "tun"};
    if (link->type != ARPHRD_ETHER || strncmp(link_alias(link), "vEthernet (", 11) == 0) return 0;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(link->kind, kinds[i]) == 0) return 1;
    }
    return 0;
}

static uint32_t check_family(uint16_t family) {
    if (family == WIN_AF_INET) return NO_ERROR;
    if (family == WIN_AF_INET6 || family == WIN_AF_UNSPEC) return ERROR_NOT_SUPPORTED;
    return ERROR_INVALID_PARAMETER;
}

static void set_ipv4(SOCKADDR_INET *address, const uint8_t bytes[4]) {
    address->Ipv4.sin_family = WIN_AF_INET;
    memcpy(&address->Ipv4.sin_addr, bytes, 4);
}

/* ---- GetIfTable2 ---- */

EXPORT uint32_t GetIfTable2(MIB_IF_TABLE2 **Table) {
    if (!Table) return ERROR_INVALID_PARAMETER;
    *Table = NULL;
    Vector links = {0};
    Vector rows = {.size = sizeof(MIB_IF_ROW2)};
    uint32_t status = load_links(&links);
    for (size_t i = 0; status == NO_ERROR && i < links.count; i++) {
        const Link *link = (const Link *)(links.data + i * links.size);
        MIB_IF_ROW2 *row = vector_push(&rows);
        if (!row) {
            status = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        int connected = link_connected(link);
        row->InterfaceLuid = link_luid(link);
        row->InterfaceIndex = link->index;
        const char *alias = link_alias(link);
        utf16_from_utf8(row->Alias, IF_MAX_STRING_SIZE + 1, alias, strlen(alias));
        /* As Get-NetAdapter's InterfaceDescription (which never lists the loopback). */
        const char *kind = link->kind[0] ? link->kind
                           : link->type == ARPHRD_LOOPBACK ? "loopback"
                                                            : "ethernet";
        char description[IF_MAX_STRING_SIZE + 1];
        snprintf(description, sizeof description, "Linux %s device %s", kind, link->name);
        utf16_from_utf8(row->Description, IF_MAX_STRING_SIZE + 1, description,
                        strlen(description));
        row->PhysicalAddressLength = link->address_length;
        memcpy(row->PhysicalAddress, link->address, link->address_length);
        memcpy(row->PermanentPhysicalAddress, link->address, link->address_length);
        row->Mtu = link->mtu;
        row->Type = link_iftype(link);
        row->InterfaceAndOperStatusFlags.HardwareInterface = link_physical(link);
        row->InterfaceAndOperStatusFlags.ConnectorPresent = link_physical(link);
        row->OperStatus = connected ? IfOperStatusUp : IfOperStatusDown;
        row->AdminStatus =
            (link->flags & IFF_UP) ? NET_IF_ADMIN_STATUS_UP : NET_IF_ADMIN_STATUS_DOWN;
        row->MediaConnectState =
            connected ? MediaConnectStateConnected : MediaConnectStateDisconnected;
    }
    if (status == NO_ERROR) {
        status = publish_table(&rows, offsetof(MIB_IF_TABLE2, Table), sizeof(MIB_IF_TABLE2), 0,
                               (void **)Table);
    }
    free(rows.data);
    free(links.data);
    return status;
}

/* ---- GetIpInterfaceTable ---- */

/* 1 when the link has an IPv4 configuration (its conf directory); *forwarding from its sysctl. */
static int ipv4_interface(const Link *link, BOOLEAN *forwarding) {
    char path[64 + IFNAMSIZ];
    snprintf(path, sizeof path, "/proc/sys/net/ipv4/conf/%s", link->name);
    if (access(path, F_OK) != 0) return 0;
    *forwarding = 0;
    strcat(path, "/forwarding");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 1;
    char text[16];
    ssize_t n;
    do {
        n = read(fd, text, sizeof text - 1);
    } while (n < 0 && errno == EINTR);
    close(fd);
    if (n <= 0) return 1;
    size_t start = 0, end = (size_t)n;
    while (start < end && strchr(" \t\r\n", text[start])) start++;
    while (end > start && strchr(" \t\r\n", text[end - 1])) end--;
    *forwarding = end - start == 1 && text[start] == '1';
    return 1;
}

EXPORT uint32_t GetIpInterfaceTable(uint16_t Family, MIB_IPINTERFACE_TABLE **Table) {
    if (!Table) return ERROR_INVALID_PARAMETER;
    *Table = NULL;
    uint32_t status = check_family(Family);
    if (status != NO_ERROR) return status;
    Vector links = {0};
    Vector rows = {.size = sizeof(MIB_IPINTERFACE_ROW)};
    status = load_links(&links);
    for (size_t i = 0; status == NO_ERROR && i < links.count; i++) {
        const Link *link = (const Link *)(links.data + i * links.size);
        BOOLEAN forwarding = 0;
        if (!ipv4_interface(link, &forwarding)) continue;
        MIB_IPINTERFACE_ROW *row = vector_push(&rows);
        if (!row) {
            status = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        row->Family = WIN_AF_INET;
        row->InterfaceLuid = link_luid(link);
        row->InterfaceIndex = link->index;
        row->ForwardingEnabled = forwarding;
        row->UseAutomaticMetric = 1;
        row->NlMtu = link->mtu;
        row->Connected = link_connected(link);
        row->SupportsNeighborDiscovery = link->type != ARPHRD_LOOPBACK;
    }
    if (status == NO_ERROR) {
        status = publish_table(&rows, offsetof(MIB_IPINTERFACE_TABLE, Table),
                               sizeof(MIB_IPINTERFACE_TABLE), 0, (void **)Table);
    }
    free(rows.data);
    free(links.data);
    return status;
}

/* ---- dumps of rows that refer to links ---- */

typedef struct {
    const Vector *links;
    Vector *rows;
} RowContext;

/* What one IPv4 table's dump asks the kernel for and how its rows are laid out. */
typedef struct {
    uint16_t message_type;  /* RTM_GETADDR, RTM_GETNEIGH or RTM_GETROUTE */
    size_t family_header;   /* sizeof the message's family header (ifaddrmsg, ndmsg, rtmsg) */
    MessageHandler collect; /* turns one message into a row (or skips it) */
    size_t row_size;
    size_t rows_offset; /* offsetof(<table>, Table) */
    size_t table_size;  /* sizeof(<table>) */
} TableDump;

/* Every rtnetlink family header starts with its address family byte. */
_Static_assert(offsetof(struct ifaddrmsg, ifa_family) == 0, "ifaddrmsg starts with its family");
_Static_assert(offsetof(struct ndmsg, ndm_family) == 0, "ndmsg starts with its family");
_Static_assert(offsetof(struct rtmsg, rtm_family) == 0, "rtmsg starts with its family");

/*
 * One IPv4 table read the way IP Helper's Get*Table functions answer: checks the arguments, reads
 * the links, dumps the kernel's table through `dump->collect` and publishes the rows (no rows is
 * ERROR_NOT_FOUND).
 */
static uint32_t dump_ipv4_table(uint16_t family, const TableDump *dump, void **table) {
    if (!table) return ERROR_INVALID_PARAMETER;
    *table = NULL;
    uint32_t status = check_family(family);
    if (status != NO_ERROR) return status;
    struct {
        struct nlmsghdr header;
        uint8_t family_header[sizeof(struct rtmsg) > sizeof(struct ndmsg) ? sizeof(struct rtmsg)
                                                                          : sizeof(struct ndmsg)];
    } request;
    _Static_assert(sizeof(struct ifaddrmsg) <= sizeof request.family_header, "family header fits");
    memset(&request, 0, sizeof request);
    request.header.nlmsg_len = NLMSG_LENGTH(dump->family_header);
    request.header.nlmsg_type = dump->message_type;
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    request.family_header[0] = AF_INET;
    Vector links = {0};
    Vector rows = {.size = dump->row_size};
    status = load_links(&links);
    if (status == NO_ERROR) {
        RowContext context = {&links, &rows};
        int kernel_error;
        status = netlink_request(&request.header, dump->collect, &context, &rows, &kernel_error);
    }
    if (status == NO_ERROR) {
        status = publish_table(&rows, dump->rows_offset, dump->table_size, 1, table);
    }
    free(rows.data);
    free(links.data);
    return status;
}

/* ---- GetUnicastIpAddressTable ---- */

static uint32_t collect_address(const struct nlmsghdr *m, void *context) {
    const RowContext *c = context;
    if (m->nlmsg_type != RTM_NEWADDR || m->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifaddrmsg))) {
        return NO_ERROR;
    }
    const struct ifaddrmsg *info = NLMSG_DATA(m);
    if (info->ifa_family != AF_INET) return NO_ERROR;
    const struct rtattr *at[IFA_MAX + 1];
    message_attributes(m, sizeof *info, at, IFA_MAX);
    uint8_t address[4];
    if (!attribute_ipv4(at[IFA_LOCAL], address) && !attribute_ipv4(at[IFA_ADDRESS], address)) {
        return NO_ERROR;
    }
    const Link *link = find_link(c->links, info->ifa_index);
    if (!link) return NO_ERROR;
    MIB_UNICASTIPADDRESS_ROW *row = vector_push(c->rows);
    if (!row) return ERROR_NOT_ENOUGH_MEMORY;
    set_ipv4(&row->Address, address);
    row->InterfaceLuid = link_luid(link);
    row->InterfaceIndex = link->index;
    row->PrefixOrigin = IpPrefixOriginManual;
    row->SuffixOrigin = IpSuffixOriginManual;
    row->ValidLifetime = INFINITE_LIFETIME;
    row->PreferredLifetime = INFINITE_LIFETIME;
    row->OnLinkPrefixLength = info->ifa_prefixlen;
    row->DadState = IpDadStatePreferred;
    return NO_ERROR;
}

EXPORT uint32_t GetUnicastIpAddressTable(uint16_t Family, MIB_UNICASTIPADDRESS_TABLE **Table) {
    static const TableDump dump = {RTM_GETADDR, sizeof(struct ifaddrmsg), collect_address, sizeof(MIB_UNICASTIPADDRESS_ROW),
                                   offsetof(MIB_UNICASTIPADDRESS_TABLE, Table), sizeof(MIB_UNICASTIPADDRESS_TABLE)};
    return dump_ipv4_table(Family, &dump, (void **)Table);
}

/* ---- GetIpNetTable2 ---- */

static int32_t neighbor_state(uint16_t nud) {
    if (nud & (NUD_PERMANENT | NUD_NOARP)) return NlnsPermanent;
    if (nud & NUD_REACHABLE) return NlnsReachable;
    if (nud & NUD_STALE) return NlnsStale;
    if (nud & NUD_DELAY) return NlnsDelay;
    if (nud & NUD_PROBE) return NlnsProbe;
    if (nud & NUD_INCOMPLETE) return NlnsIncomplete;
    return NlnsUnreachable;
}

static uint32_t collect_neighbor(const struct nlmsghdr *m, void *context) {
    const RowContext *c = context;
    if (m->nlmsg_type != RTM_NEWNEIGH || m->nlmsg_len < NLMSG_LENGTH(sizeof(struct ndmsg))) {
        return NO_ERROR;
    }
    const struct ndmsg *info = NLMSG_DATA(m);
    if (info->ndm_family != AF_INET || info->ndm_ifindex <= 0) return NO_ERROR;
    const struct rtattr *at[NDA_MAX + 1];
    message_attributes(m, sizeof *info, at, NDA_MAX);
    uint8_t address[4];
    if (!attribute_ipv4(at[NDA_DST], address)) return NO_ERROR;
    const Link *link = find_link(c->links, (uint32_t)info->ndm_ifindex);
    if (!link) return NO_ERROR;
    MIB_IPNET_ROW2 *row = vector_push(c->rows);
    if (!row) return ERROR_NOT_ENOUGH_MEMORY;
    set_ipv4(&row->Address, address);
    row->InterfaceIndex = link->index;
    row->InterfaceLuid = link_luid(link);
    if (at[NDA_LLADDR]) {
        size_t n = payload_length(at[NDA_LLADDR]);
        if (n > sizeof row->PhysicalAddress) n = sizeof row->PhysicalAddress;
        memcpy(row->PhysicalAddress, RTA_DATA(at[NDA_LLADDR]), n);
        row->PhysicalAddressLength = (ULONG)n;
    }
    row->State = neighbor_state(info->ndm_state);
    row->IsRouter = (info->ndm_flags & NTF_ROUTER) != 0;
    row->IsUnreachable = row->State == NlnsUnreachable;
    return NO_ERROR;
}

EXPORT uint32_t GetIpNetTable2(uint16_t Family, MIB_IPNET_TABLE2 **Table) {
    static const TableDump dump = {RTM_GETNEIGH, sizeof(struct ndmsg), collect_neighbor, sizeof(MIB_IPNET_ROW2),
                                   offsetof(MIB_IPNET_TABLE2, Table), sizeof(MIB_IPNET_TABLE2)};
    return dump_ipv4_table(Family, &dump, (void **)Table);
}

/* ---- GetIpForwardTable2 ---- */

static int32_t route_protocol(uint8_t protocol) {
    return protocol == RTPROT_KERNEL ? MIB_IPPROTO_LOCAL : MIB_IPPROTO_NETMGMT;
}

static uint32_t collect_route(const struct nlmsghdr *m, void *context) {
    const RowContext *c = context;
    if (m->nlmsg_type != RTM_NEWROUTE || m->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtmsg))) {
        return NO_ERROR;
    }
    const struct rtmsg *info = NLMSG_DATA(m);
    if (info->rtm_family != AF_INET || info->rtm_type != RTN_UNICAST ||
        (info->rtm_flags & RTM_F_CLONED) || info->rtm_dst_len > 32) {
        return NO_ERROR;
    }
    const struct rtattr *at[RTA_MAX + 1];
    message_attributes(m, sizeof *info, at, RTA_MAX);
    if (attribute_u32(at[RTA_TABLE], info->rtm_table) != RT_TABLE_MAIN || !at[RTA_OIF]) {
        return NO_ERROR;
    }
    const Link *link = find_link(c->links, attribute_u32(at[RTA_OIF], 0));
    if (!link) return NO_ERROR;
    uint8_t destination[4] = {0}, gateway[4] = {0};
    if (at[RTA_DST] && !attribute_ipv4(at[RTA_DST], destination)) return NO_ERROR;
    if (at[RTA_GATEWAY] && !attribute_ipv4(at[RTA_GATEWAY], gateway)) return NO_ERROR;
    MIB_IPFORWARD_ROW2 *row = vector_push(c->rows);
    if (!row) return ERROR_NOT_ENOUGH_MEMORY;
    row->InterfaceLuid = link_luid(link);
    row->InterfaceIndex = link->index;
    set_ipv4(&row->DestinationPrefix.Prefix, destination);
    row->DestinationPrefix.PrefixLength = info->rtm_dst_len;
    set_ipv4(&row->NextHop, gateway);
    row->ValidLifetime = INFINITE_LIFETIME;
    row->PreferredLifetime = INFINITE_LIFETIME;
    row->Metric = attribute_u32(at[RTA_PRIORITY], 0);
    row->Protocol = route_protocol(info->rtm_protocol);
    row->Immortal = 1;
    row->Origin = NlroManual;
    return NO_ERROR;
}

EXPORT uint32_t GetIpForwardTable2(uint16_t Family, MIB_IPFORWARD_TABLE2 **Table) {
    static const TableDump dump = {RTM_GETROUTE, sizeof(struct rtmsg), collect_route, sizeof(MIB_IPFORWARD_ROW2),
                                   offsetof(MIB_IPFORWARD_TABLE2, Table), sizeof(MIB_IPFORWARD_TABLE2)};
    return dump_ipv4_table(Family, &dump, (void **)Table);
}

/* ---- GetBestInterface ---- */

typedef struct {
    int found;
    uint32_t index;
} BestRoute;

static uint32_t collect_best(const struct nlmsghdr *m, void *context) {
    BestRoute *best = context;
    if (m->nlmsg_type != RTM_NEWROUTE || m->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtmsg))) {
        return NO_ERROR;
    }
    const struct rtattr *at[RTA_MAX + 1];
    message_attributes(m, sizeof(struct rtmsg), at, RTA_MAX);
    if (at[RTA_OIF] && payload_length(at[RTA_OIF]) >= sizeof(uint32_t)) {
        best->found = 1;
        best->index = attribute_u32(at[RTA_OIF], 0);
    }
    return NO_ERROR;
}

/* The interface the kernel would send a packet to dwDestAddr (network byte order) through. */
EXPORT uint32_t GetBestInterface(uint32_t dwDestAddr, uint32_t *pdwBestIfIndex) {
    if (!pdwBestIfIndex) return ERROR_INVALID_PARAMETER;
    struct {
        struct nlmsghdr header;
        struct rtmsg info;
        struct rtattr destination_header;
        uint32_t destination;
    } request = {
        .header = {.nlmsg_len = sizeof request,
                   .nlmsg_type = RTM_GETROUTE,
                   .nlmsg_flags = NLM_F_REQUEST},
        .info = {.rtm_family = AF_INET, .rtm_dst_len = 32},
        .destination_header = {.rta_len = RTA_LENGTH(sizeof(uint32_t)), .rta_type = RTA_DST},
        .destination = dwDestAddr,
    };
    _Static_assert(sizeof request == NLMSG_LENGTH(sizeof(struct rtmsg)) + RTA_LENGTH(4),
                   "route request packing");
    BestRoute best = {0};
    int kernel_error;
    uint32_t status = netlink_request(&request.header, collect_best, &best, NULL, &kernel_error);
    /* The kernel refusing the lookup (no route; unreachable, blackhole or prohibit) means no way
     * there, as Find-NetRoute reports an `ip route get` failure. */
    if (kernel_error == ENOMEM || kernel_error == ENOBUFS) return ERROR_NOT_ENOUGH_MEMORY;
    if (kernel_error != 0) return ERROR_NETWORK_UNREACHABLE;
    if (status != NO_ERROR) return status;
    if (!best.found) return ERROR_NETWORK_UNREACHABLE;
    *pdwBestIfIndex = best.index;
    return NO_ERROR;
}

/* ---- FreeMibTable ---- */

EXPORT void FreeMibTable(void *Memory) { free(Memory); }
