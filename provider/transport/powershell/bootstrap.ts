/**
 * The fixed program that starts the long-lived PowerShell of a Windows host. It is passed with
 * `-EncodedCommand`, so it must stay small (cmd.exe limits a command line to 8191 characters) and
 * it never contains user data: requests arrive on stdin, one line each, carrying the JSON
 * `{id, script, params}` (UTF-8; `script` is a plain JSON string, which JSON escaping keeps exact
 * whatever the text, and `ConvertFrom-Json` of 5.1 and 7 decodes, `\uXXXX` escapes included):
 *
 * - `<base64 of the JSON>` while its UTF-8 is at most `GZIP_THRESHOLD_BYTES`;
 * - `gzip <base64 of the gzip of the JSON>` above it: the large requests (load-balancer batches
 *   carrying HCN JSON documents, the module load) are repetitive JSON that gzip shrinks to half or
 *   less. Base64 has no space, so a first field `gzip` cannot be mistaken for a plain line.
 *
 * Parameter strings reach the script as sent: PowerShell 7 turns a JSON string that reads as an
 * ISO-8601 date into a DateTime unless told `-DateKind String` (7.5 and later; 5.1 reads such
 * strings as strings), so `$d` passes it wherever `ConvertFrom-Json` has the parameter.
 *
 * Both directions use `GZipStream` (one function, `Z`), which Windows PowerShell 5.1 has without
 * `Add-Type` (.NET Framework 4.5+ keeps it in System.dll), and read or write UTF-8 with `$u`. Each
 * script runs as a ScriptBlock with `$Params` bound to the decoded parameters. Scripts must not
 * call `exit` (it would end the shell).
 *
 * Exactly one line answers each request, and a failed request does not end the loop:
 *
 * - `<marker> <id> <base64 of the envelope>` while the envelope's UTF-8 is at most
 *   `GZIP_THRESHOLD_BYTES`;
 * - `<marker> <id> gzip <base64 of the gzip of the envelope>` above it.
 *
 * The envelope is the JSON `{ok, text}` when the script returned a string (the string itself, cast
 * to `[string]` so Windows PowerShell 5.1 never serialises note properties of it; a script that
 * returns JSON text, as the host module's operations do, has it escaped once, not once more by
 * `ConvertTo-Json`), `{ok, output}` for any other return value (`output` is its
 * `ConvertTo-Json -Depth 20 -Compress`, `null` for none), and `{ok, error}` for a failure (`ok` is
 * false, `error` the formatted `ErrorRecord`). The codec turns `text` back into the JSON of the
 * string, so callers see the same result for every return value as before (see `codec.ts`).
 */

/** Start of every response line; nothing a script prints can be mistaken for it by accident. */
export const RESPONSE_MARKER = "#l2bridge-result#";

/** Field of a request or response line whose payload is gzip-compressed (before the base64). */
export const GZIP_FIELD = "gzip";

/** Request JSON and response envelopes larger than this (UTF-8 bytes) travel gzip-compressed. */
export const GZIP_THRESHOLD_BYTES = 512;

/** The bootstrap program text. */
export const BOOTSTRAP_SCRIPT = [
    "$ErrorActionPreference='Stop'",
    "$ProgressPreference='SilentlyContinue'",
    "$u=New-Object Text.UTF8Encoding $false",
    "try{[Console]::InputEncoding=$u}catch{}",
    "try{[Console]::OutputEncoding=$u}catch{}",
    "if($PSStyle){$PSStyle.OutputRendering='PlainText'}",
    "function Z($s,$m){[IO.Compression.GZipStream]::new($s,[IO.Compression.CompressionMode]::$m)}",
    "$d=@{};if((gcm ConvertFrom-Json).Parameters.DateKind){$d.DateKind='String'}",
    "while($null -ne ($l=[Console]::In.ReadLine())){",
    "if(!$l.Trim()){continue}",
    "$r=@{ok=$true};$i=''",
    "try{",
    "$p=$l.Split(' ');$s=[IO.MemoryStream]::new([Convert]::FromBase64String($p[-1]))",
    `if($p[0] -eq '${GZIP_FIELD}'){$s=Z $s Decompress}`,
    "$q=ConvertFrom-Json @d ([IO.StreamReader]::new($s,$u).ReadToEnd());$i=[string]$q.id;$Params=$q.params",
    "$b=[ScriptBlock]::Create($q.script);$o=$null",
    "do{$o=& $b $Params}while($false)",
    "if($o -is [string]){$r.text=[string]$o}",
    "else{$r.output=ConvertTo-Json -InputObject $o -Depth 20 -Compress}",
    "}catch{$r=@{ok=$false;error=($_|Out-String)}}",
    "$j=$u.GetBytes((ConvertTo-Json -InputObject $r -Compress));$z=''",
    `if($j.Length -gt ${GZIP_THRESHOLD_BYTES}){$m=[IO.MemoryStream]::new()`,
    "$g=Z $m Compress",
    `$g.Write($j,0,$j.Length);$g.Close();$j=$m.ToArray();$z='${GZIP_FIELD} '}`,
    `[Console]::Out.WriteLine('${RESPONSE_MARKER} '+$i+' '+$z+[Convert]::ToBase64String($j))`,
    "[Console]::Out.Flush()",
    "}",
    "exit 0",
].join("\n");

/** Base64 of the UTF-16LE text, as `-EncodedCommand` expects. */
export function encodeCommand(script: string): string {
    return Buffer.from(script, "utf16le").toString("base64");
}

/**
 * The command line that starts the long-lived shell with `executable` (`powershell.exe` or `pwsh`):
 * fixed switches and the encoded bootstrap. Both accept the same switches.
 */
export function bootstrapCommandLine(executable: "powershell.exe" | "pwsh"): string {
    return (
        `${executable} -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ` +
        encodeCommand(BOOTSTRAP_SCRIPT)
    );
}

/** The command line that starts the long-lived shell with Windows PowerShell 5.1 (the default). */
export const BOOTSTRAP_COMMAND_LINE = bootstrapCommandLine("powershell.exe");
