// The container steps of the example: constant PowerShell scripts that run containerd's own CLI
// (`ctr`) on a host over SSH. The scripts never change with the program's values: the image,
// container name and network travel as one JSON document on the command's standard input, and
// each script checks them again before they reach `ctr`.
//
// Why `ctr run --cni` and an address that HNS assigns (see README "Why not a fixed address"):
// nerdctl on Windows accepts only `nat` networks and refuses `--ip`; `ctr` hands no address to
// CNI; Microsoft's `sdnbridge` plugin takes an address only from an IPAM plugin, and the
// configuration `RuntimeNetworkConfig` writes has none, so HNS assigns the container's address
// from the host's container subnet. The create script reads it back from HNS and prints it.

/** What the container scripts read from standard input. */
export interface ContainerRequest {
    /** Image reference, such as `mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022`. */
    image: string;
    /** containerd container ID, unique on the host. */
    name: string;
    /** The HNS network (and CNI network) name. */
    network: string;
}

/** What the create script prints on its last line of standard output. */
export interface ContainerReport {
    /** The container's IPv4 address, as HNS assigned it. */
    ipAddress: string;
    /** The HNS ID of the container's endpoint, lower case. */
    endpointId: string;
}

/**
 * The characters each request field may hold (the body of an anchored pattern), checked by the
 * program at preview and again by the scripts on the host. None admits a space or a quote, so a
 * value reaches `ctr` as exactly one argument under Windows PowerShell 5.1's argument passing.
 */
export const containerFieldPatterns: Record<keyof ContainerRequest, string> = {
    image: "[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}",
    name: "[A-Za-z0-9][A-Za-z0-9_.-]{0,62}",
    network: "[A-Za-z0-9_.-]{1,15}",
};

/** containerd namespace the containers live in (`ctr`'s default). */
export const containerNamespace = "default";

/**
 * Every problem of a request, one line per field, naming the field, the value and what it may hold.
 * @param request the request to check
 */
export function containerRequestProblems(request: ContainerRequest): string[] {
    return (Object.keys(containerFieldPatterns) as (keyof ContainerRequest)[])
        .filter((field) => !new RegExp(`^${containerFieldPatterns[field]}$`).test(request[field]))
        .map(
            (field) =>
                `${field}: ${JSON.stringify(request[field])} is not accepted; it must match ^${containerFieldPatterns[field]}$`,
        );
}

/** The request as the scripts read it from standard input. */
export function containerRequestText(request: ContainerRequest): string {
    return JSON.stringify(request);
}

/**
 * The report the create script printed: its last non-empty line of standard output.
 * @throws Error when that line is not a report
 */
export function parseContainerReport(stdout: string): ContainerReport {
    const lines = stdout.split(/\r?\n/).filter((line) => line.trim() !== "");
    const last = lines[lines.length - 1] ?? "";
    let report: Partial<ContainerReport>;
    try {
        report = JSON.parse(last) as Partial<ContainerReport>;
    } catch {
        throw new Error(
            `the container step printed no report; its last line was ${JSON.stringify(last)}`,
        );
    }
    if (typeof report.ipAddress !== "string" || !/^\d{1,3}(\.\d{1,3}){3}$/.test(report.ipAddress)) {
        throw new Error(`the container step reported no IPv4 address: ${JSON.stringify(last)}`);
    }
    return { ipAddress: report.ipAddress, endpointId: String(report.endpointId ?? "") };
}

/** A single-quoted PowerShell literal of a constant (none of ours holds a quote). */
function quoted(text: string): string {
    return `'${text.replace(/['\u2018-\u201b]/g, "$&$&")}'`;
}

/**
 * Shared start of both scripts: reads the request from standard input and refuses a field that
 * does not match its pattern (`\z`, because .NET's `$` also matches before a final newline);
 * `Invoke-Ctr` sends `ctr`'s output to standard error, so standard output carries only the report.
 */
const scriptHeader = [
    "$ErrorActionPreference = 'Stop'",
    "$ProgressPreference = 'SilentlyContinue'",
    "$request = [Console]::In.ReadToEnd() | ConvertFrom-Json",
    "$patterns = [ordered]@{",
    ...(Object.keys(containerFieldPatterns) as (keyof ContainerRequest)[]).map(
        (field) => `    ${field} = ${quoted(`^${containerFieldPatterns[field]}\\z`)}`,
    ),
    "}",
    "foreach ($field in $patterns.Keys) {",
    "    $value = [string]$request.$field",
    "    if ($value -cnotmatch $patterns[$field]) {",
    "        throw ('{0}: ''{1}'' is not accepted; it must match {2}' -f $field, $value, $patterns[$field])",
    "    }",
    "}",
    "$ctr = [IO.Path]::Combine($env:ProgramFiles, 'containerd', 'bin', 'ctr.exe')",
    `$namespace = ${quoted(containerNamespace)}`,
    "function Invoke-Ctr {",
    "    param([string[]]$Arguments)",
    "    & $ctr --namespace $namespace @Arguments | ForEach-Object { [Console]::Error.WriteLine($_) }",
    "    if ($LASTEXITCODE -ne 0) { throw ('ctr ' + ($Arguments -join ' ') + ' failed with exit code ' + $LASTEXITCODE) }",
    "}",
    "$containers = @(& $ctr --namespace $namespace containers list --quiet)",
    "if ($LASTEXITCODE -ne 0) { throw 'ctr could not list containers: is the containerd service running?' }",
    // sdnbridge names the endpoint <CNI container ID>_<network>; ctr's container ID is <namespace>-<id>.
    "$endpointName = $namespace + '-' + $request.name + '_' + $request.network",
];

/**
 * Starts the container unless it exists: pulls the image, then `ctr run --cni --detach`, which
 * creates an HCN namespace and calls the first CNI configuration in
 * `%ProgramFiles%\containerd\cni\conf` (the `RuntimeNetworkConfig` file) to give it its endpoint.
 * Waits (at most 2 minutes) for that endpoint in HNS and prints
 * `{"ipAddress":"…","endpointId":"…"}` as its last line.
 */
export const containerCreateScript = [
    ...scriptHeader,
    "if ($containers -cnotcontains $request.name) {",
    "    Invoke-Ctr @('images', 'pull', $request.image)",
    "    Invoke-Ctr @('run', '--cni', '--detach', $request.image, $request.name)",
    "}",
    "$deadline = (Get-Date).AddMinutes(2)",
    "do {",
    "    $endpoint = @(Get-HnsEndpoint | Where-Object { $_.Name -eq $endpointName })[0]",
    "    if (-not $endpoint) { Start-Sleep -Seconds 2 }",
    "} until ($endpoint -or ((Get-Date) -gt $deadline))",
    "if (-not $endpoint) {",
    "    throw ('container ' + $request.name + ' has no HNS endpoint ' + $endpointName + '; check that the first file in the CNI configuration directory is the one for network ' + $request.network)",
    "}",
    "$report = [ordered]@{ ipAddress = [string]$endpoint.IPAddress; endpointId = ([string]$endpoint.ID).ToLowerInvariant() }",
    "[Console]::Out.WriteLine((ConvertTo-Json -Compress -InputObject $report))",
    "",
].join("\n");

/**
 * Removes the container: `ctr tasks kill` first (it runs the CNI delete, which removes the
 * endpoint), then the task and the container with its snapshot; an endpoint of that name still in
 * HNS (the task was already gone) is removed too. A container that does not exist is success.
 */
export const containerDeleteScript = [
    ...scriptHeader,
    "if ($containers -ccontains $request.name) {",
    "    $tasks = @(& $ctr --namespace $namespace tasks list --quiet)",
    "    if ($tasks -ccontains $request.name) {",
    "        & $ctr --namespace $namespace tasks kill $request.name | ForEach-Object { [Console]::Error.WriteLine($_) }",
    "        Invoke-Ctr @('tasks', 'delete', '--force', $request.name)",
    "    }",
    "    Invoke-Ctr @('containers', 'delete', $request.name)",
    "}",
    "Get-HnsEndpoint | Where-Object { $_.Name -eq $endpointName } | Remove-HnsEndpoint",
    "[Console]::Out.WriteLine('removed ' + $request.name)",
    "",
].join("\n");

/**
 * A command line for OpenSSH's default shell on Windows (cmd.exe) that runs a PowerShell script
 * without any quoting: the script travels as UTF-16LE base64 in `-EncodedCommand`, and standard
 * input stays free for the request. `-OutputFormat Text` keeps errors readable text on standard
 * error (not CLIXML), so a failed step shows its message.
 */
export function powerShellCommandLine(script: string): string {
    const encoded = Buffer.from(script, "utf16le").toString("base64");
    return `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -OutputFormat Text -EncodedCommand ${encoded}`;
}

/** The `create` command line of every container step. */
export const containerCreateCommand = powerShellCommandLine(containerCreateScript);

/** The `delete` command line of every container step. */
export const containerDeleteCommand = powerShellCommandLine(containerDeleteScript);
