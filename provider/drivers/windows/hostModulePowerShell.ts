/**
 * The host-side PowerShell module every Windows script starts with: P/Invoke to computenetwork.dll
 * (HCN v2) and vmcompute.dll (v1 HNSCall, only where v2 has no equivalent: attaching the gateway
 * endpoint to the host compartment and reading `/globals/version`), the host-wide mutex, the package's records under C:\ProgramData\pulumi-l2bridge,
 * and JSON composition that avoids Windows PowerShell 5.1's ConvertTo-Json pitfalls (every value
 * is either HNS's own JSON text or a flat object of scalars).
 *
 * The text is constant: user values only ever arrive in `$Params` (decoded from base64 JSON).
 * Runs on Windows PowerShell 5.1 (C# 5 for Add-Type) and PowerShell 7.
 */

/** C# source compiled once per PowerShell session. */
const hcnInteropCSharp = `using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace PulumiL2Bridge
{
    public class HcnException : Exception
    {
        public int HResult32;
        public HcnException(string message, int hresult) : base(message) { HResult32 = hresult; }
    }

    public static class Hcn
    {
        [DllImport("computenetwork.dll")] static extern int HcnEnumerateNetworks([MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnOpenNetwork(ref Guid id, out IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnCreateNetwork(ref Guid id, [MarshalAs(UnmanagedType.LPWStr)] string s, out IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnModifyNetwork(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string s, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnQueryNetworkProperties(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnDeleteNetwork(ref Guid id, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnCloseNetwork(IntPtr h);

        [DllImport("computenetwork.dll")] static extern int HcnEnumerateEndpoints([MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnOpenEndpoint(ref Guid id, out IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnCreateEndpoint(IntPtr network, ref Guid id, [MarshalAs(UnmanagedType.LPWStr)] string s, out IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnModifyEndpoint(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string s, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnQueryEndpointProperties(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnDeleteEndpoint(ref Guid id, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnCloseEndpoint(IntPtr h);

        [DllImport("computenetwork.dll")] static extern int HcnEnumerateLoadBalancers([MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnOpenLoadBalancer(ref Guid id, out IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnCreateLoadBalancer(ref Guid id, [MarshalAs(UnmanagedType.LPWStr)] string s, out IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnModifyLoadBalancer(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string s, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnQueryLoadBalancerProperties(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnDeleteLoadBalancer(ref Guid id, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnCloseLoadBalancer(IntPtr h);

        [DllImport("computenetwork.dll")] static extern int HcnEnumerateNamespaces([MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnOpenNamespace(ref Guid id, out IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnModifyNamespace(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string s, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnQueryNamespaceProperties(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnCloseNamespace(IntPtr h);

        [DllImport("vmcompute.dll")] static extern int HNSCall([MarshalAs(UnmanagedType.LPWStr)] string method, [MarshalAs(UnmanagedType.LPWStr)] string path, [MarshalAs(UnmanagedType.LPWStr)] string request, [MarshalAs(UnmanagedType.LPWStr)] out string response);

        static void Check(string what, int hr, string error)
        {
            if (hr != 0 || !String.IsNullOrEmpty(error))
            {
                throw new HcnException(String.Format("{0} failed: HRESULT 0x{1:X8} {2}", what, hr, error), hr);
            }
        }

        static string[] Ids(string json)
        {
            List<string> ids = new List<string>();
            if (String.IsNullOrEmpty(json)) { return ids.ToArray(); }
            foreach (Match m in Regex.Matches(json, "[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}")) { ids.Add(m.Value); }
            return ids.ToArray();
        }

        public static string[] List(string kind, string query)
        {
            string r; string e; int hr;
            if (kind == "Network") { hr = HcnEnumerateNetworks(query, out r, out e); }
            else if (kind == "Endpoint") { hr = HcnEnumerateEndpoints(query, out r, out e); }
            else if (kind == "LoadBalancer") { hr = HcnEnumerateLoadBalancers(query, out r, out e); }
            else { hr = HcnEnumerateNamespaces(query, out r, out e); }
            Check("enumerate " + kind, hr, e);
            List<string> found = new List<string>();
            foreach (string id in Ids(r))
            {
                string properties = TryQuery(kind, new Guid(id), query);
                if (properties != null) { found.Add(properties); }
            }
            return found.ToArray();
        }

        static IntPtr Open(string kind, Guid id, out int hr, out string e)
        {
            IntPtr h;
            if (kind == "Network") { hr = HcnOpenNetwork(ref id, out h, out e); }
            else if (kind == "Endpoint") { hr = HcnOpenEndpoint(ref id, out h, out e); }
            else if (kind == "LoadBalancer") { hr = HcnOpenLoadBalancer(ref id, out h, out e); }
            else { hr = HcnOpenNamespace(ref id, out h, out e); }
            return h;
        }

        static void Close(string kind, IntPtr h)
        {
            if (h == IntPtr.Zero) { return; }
            if (kind == "Network") { HcnCloseNetwork(h); }
            else if (kind == "Endpoint") { HcnCloseEndpoint(h); }
            else if (kind == "LoadBalancer") { HcnCloseLoadBalancer(h); }
            else { HcnCloseNamespace(h); }
        }

        static string QueryHandle(string kind, IntPtr h, string query)
        {
            string r; string e; int hr;
            if (kind == "Network") { hr = HcnQueryNetworkProperties(h, query, out r, out e); }
            else if (kind == "Endpoint") { hr = HcnQueryEndpointProperties(h, query, out r, out e); }
            else if (kind == "LoadBalancer") { hr = HcnQueryLoadBalancerProperties(h, query, out r, out e); }
            else { hr = HcnQueryNamespaceProperties(h, query, out r, out e); }
            Check("query " + kind, hr, e);
            return r;
        }

        /** Properties of one object, or null when it no longer exists. */
        public static string TryQuery(string kind, Guid id, string query)
        {
            int hr; string e;
            IntPtr h = Open(kind, id, out hr, out e);
            if (hr != 0) { return null; }
            try { return QueryHandle(kind, h, query); }
            finally { Close(kind, h); }
        }

        public static string CreateNetwork(string settings, string query)
        {
            Guid id = Guid.Empty; IntPtr h; string e;
            Check("create network", HcnCreateNetwork(ref id, settings, out h, out e), e);
            try { return QueryHandle("Network", h, query); } finally { Close("Network", h); }
        }

        public static string CreateEndpoint(Guid networkId, string settings, string query)
        {
            int hr; string e;
            IntPtr network = Open("Network", networkId, out hr, out e);
            Check("open network " + networkId, hr, e);
            try
            {
                Guid id = Guid.Empty; IntPtr h;
                Check("create endpoint", HcnCreateEndpoint(network, ref id, settings, out h, out e), e);
                try { return QueryHandle("Endpoint", h, query); } finally { Close("Endpoint", h); }
            }
            finally { Close("Network", network); }
        }

        public static string CreateLoadBalancer(string settings, string query)
        {
            Guid id = Guid.Empty; IntPtr h; string e;
            Check("create load balancer", HcnCreateLoadBalancer(ref id, settings, out h, out e), e);
            try { return QueryHandle("LoadBalancer", h, query); } finally { Close("LoadBalancer", h); }
        }

        public static void Modify(string kind, Guid id, string settings)
        {
            int hr; string e;
            IntPtr h = Open(kind, id, out hr, out e);
            Check("open " + kind + " " + id, hr, e);
            try
            {
                if (kind == "Network") { hr = HcnModifyNetwork(h, settings, out e); }
                else if (kind == "Endpoint") { hr = HcnModifyEndpoint(h, settings, out e); }
                else if (kind == "LoadBalancer") { hr = HcnModifyLoadBalancer(h, settings, out e); }
                else { hr = HcnModifyNamespace(h, settings, out e); }
                Check("modify " + kind + " " + id, hr, e);
            }
            finally { Close(kind, h); }
        }

        /** Deletes one object; an object that is already gone counts as deleted. */
        public static void Delete(string kind, Guid id)
        {
            if (TryQuery(kind, id, "{\\"SchemaVersion\\":{\\"Major\\":2,\\"Minor\\":0},\\"Flags\\":0}") == null) { return; }
            string e; int hr;
            if (kind == "Network") { hr = HcnDeleteNetwork(ref id, out e); }
            else if (kind == "Endpoint") { hr = HcnDeleteEndpoint(ref id, out e); }
            else { hr = HcnDeleteLoadBalancer(ref id, out e); }
            Check("delete " + kind + " " + id, hr, e);
        }

        /** HNS v1 call; returns the response envelope's JSON text. */
        public static string V1(string method, string path, string request)
        {
            string response;
            int hr = HNSCall(method, path, request, out response);
            if (hr != 0) { throw new HcnException(String.Format("HNS {0} {1} failed: HRESULT 0x{2:X8} {3}", method, path, hr, response), hr); }
            return response;
        }
    }
}
`;

/** PowerShell functions shared by every script. */
const sharedFunctions = `
function ConvertTo-L2bJsonText {
    param($Value)
    if ($null -eq $Value) { return 'null' }
    return (ConvertTo-Json -InputObject $Value -Compress -Depth 3)
}

function Join-L2bJsonArray {
    param([string[]]$Items)
    $kept = @($Items | Where-Object { $_ })
    return ('[' + ($kept -join ',') + ']')
}

function New-L2bJsonObject {
    param([System.Collections.Specialized.OrderedDictionary]$Fields)
    $parts = New-Object System.Collections.Generic.List[string]
    foreach ($key in $Fields.Keys) {
        $parts.Add((ConvertTo-L2bJsonText ([string]$key)) + ':' + [string]$Fields[$key])
    }
    return ('{' + ($parts -join ',') + '}')
}

function Get-L2bStatePath {
    param([string]$Leaf)
    $dir = Join-Path $env:ProgramData 'pulumi-l2bridge'
    if (-not (Test-Path -LiteralPath $dir)) {
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
    }
    return (Join-Path $dir $Leaf)
}

function Read-L2bRecords {
    $path = Get-L2bStatePath 'records.jsonl'
    $records = New-Object System.Collections.Generic.List[object]
    if (Test-Path -LiteralPath $path) {
        foreach ($line in [System.IO.File]::ReadAllLines($path)) {
            if ($line.Trim()) {
                $records.Add((ConvertFrom-Json -InputObject $line))
            }
        }
    }
    return ,$records
}

function Save-L2bRecords {
    param($Records)
    $path = Get-L2bStatePath 'records.jsonl'
    $lines = New-Object System.Collections.Generic.List[string]
    foreach ($r in $Records) {
        $flat = [ordered]@{ kind = [string]$r.kind; name = [string]$r.name; id = [string]$r.id; network = [string]$r.network; data = [string]$r.data }
        $lines.Add((ConvertTo-Json -InputObject $flat -Compress))
    }
    $temporary = $path + '.tmp'
    [System.IO.File]::WriteAllLines($temporary, $lines.ToArray(), (New-Object System.Text.UTF8Encoding $false))
    Move-Item -LiteralPath $temporary -Destination $path -Force
}

function Set-L2bRecord {
    param([string]$Kind, [string]$Name, [string]$Id, [string]$Network, [string]$Data)
    $records = Read-L2bRecords
    $kept = New-Object System.Collections.Generic.List[object]
    foreach ($r in $records) {
        if (-not ($r.kind -eq $Kind -and $r.name -eq $Name)) { $kept.Add($r) }
    }
    $kept.Add([pscustomobject]@{ kind = $Kind; name = $Name; id = $Id; network = $Network; data = $Data })
    Save-L2bRecords $kept
}

function Remove-L2bRecord {
    param([string]$Kind, [string]$Name)
    $records = Read-L2bRecords
    $kept = New-Object System.Collections.Generic.List[object]
    foreach ($r in $records) {
        if (-not ($r.kind -eq $Kind -and $r.name -eq $Name)) { $kept.Add($r) }
    }
    Save-L2bRecords $kept
}

function Get-L2bRecordsJson {
    $texts = New-Object System.Collections.Generic.List[string]
    foreach ($r in (Read-L2bRecords)) {
        $flat = [ordered]@{ kind = [string]$r.kind; name = [string]$r.name; id = [string]$r.id; network = [string]$r.network; data = [string]$r.data }
        $texts.Add((ConvertTo-Json -InputObject $flat -Compress))
    }
    return (Join-L2bJsonArray $texts.ToArray())
}

function Invoke-L2bLocked {
    param([scriptblock]$Body)
    $mutex = New-Object System.Threading.Mutex($false, 'Global\\pulumi-l2bridge-host')
    $held = $false
    try {
        try {
            $held = $mutex.WaitOne([TimeSpan]::FromSeconds(120))
        } catch [System.Threading.AbandonedMutexException] {
            $held = $true
        }
        if (-not $held) {
            throw 'pulumi-l2bridge: another apply held the host lock (Global\\pulumi-l2bridge-host) for 120 seconds'
        }
        & $Body
    } finally {
        if ($held) { $mutex.ReleaseMutex() }
        $mutex.Dispose()
    }
}

function Get-L2bHnsVersion {
    $text = [PulumiL2Bridge.Hcn]::V1('GET', '/globals/version', '')
    $envelope = ConvertFrom-Json -InputObject $text
    return (New-L2bJsonObject ([ordered]@{ major = [string][int]$envelope.Output.Major; minor = [string][int]$envelope.Output.Minor }))
}

function Find-L2bObjects {
    param([string]$Kind, [string]$Query)
    return ,([PulumiL2Bridge.Hcn]::List($Kind, $Query))
}

function Get-L2bInterfaceJson {
    param([string]$Alias)
    $ip = Get-NetIPInterface -InterfaceAlias $Alias -AddressFamily IPv4 -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $ip) {
        return (New-L2bJsonObject ([ordered]@{ alias = (ConvertTo-L2bJsonText $Alias); exists = 'false' }))
    }
    $adapter = Get-NetAdapter -Name $Alias -IncludeHidden -ErrorAction SilentlyContinue | Select-Object -First 1
    $mac = ''
    if ($null -ne $adapter) { $mac = [string]$adapter.MacAddress }
    $addresses = @(Get-NetIPAddress -InterfaceAlias $Alias -AddressFamily IPv4 -ErrorAction SilentlyContinue | ForEach-Object { ConvertTo-L2bJsonText ([string]$_.IPAddress) })
    $neighbors = @(Get-NetNeighbor -InterfaceAlias $Alias -AddressFamily IPv4 -ErrorAction SilentlyContinue | Where-Object { [string]$_.State -eq 'Permanent' } | ForEach-Object {
        ConvertTo-L2bJsonText ([ordered]@{ ipAddress = [string]$_.IPAddress; linkLayerAddress = [string]$_.LinkLayerAddress; state = [string]$_.State })
    })
    return (New-L2bJsonObject ([ordered]@{
        alias = (ConvertTo-L2bJsonText $Alias)
        exists = 'true'
        ifIndex = [string][int]$ip.ifIndex
        forwarding = (ConvertTo-L2bJsonText ([string]$ip.Forwarding))
        macAddress = (ConvertTo-L2bJsonText $mac)
        addresses = (Join-L2bJsonArray $addresses)
        neighbors = (Join-L2bJsonArray $neighbors)
    }))
}

function Wait-L2bInterface {
    param([string]$Alias, [int]$Seconds)
    $deadline = (Get-Date).AddSeconds($Seconds)
    while ((Get-Date) -lt $deadline) {
        if (Get-NetIPInterface -InterfaceAlias $Alias -AddressFamily IPv4 -ErrorAction SilentlyContinue) { return }
        Start-Sleep -Milliseconds 500
    }
    throw ('pulumi-l2bridge: interface "' + $Alias + '" did not appear within ' + $Seconds + ' seconds')
}

function Get-L2bNetworkIdByName {
    param([string]$Name, [string]$Query)
    foreach ($text in (Find-L2bObjects 'Network' $Query)) {
        $network = ConvertFrom-Json -InputObject $text
        if ($network.Name -eq $Name) { return [Guid]$network.ID }
    }
    throw ('pulumi-l2bridge: HNS network "' + $Name + '" not found; create the L2BridgeNetwork first')
}

function Add-L2bJsonField {
    param([string]$Json, [string]$Field, [string]$ValueJson)
    $body = $Json.Trim()
    if ($body -eq '{}') { return ('{' + (ConvertTo-L2bJsonText $Field) + ':' + $ValueJson + '}') }
    return ('{' + (ConvertTo-L2bJsonText $Field) + ':' + $ValueJson + ',' + $body.Substring(1))
}
`;

/** The module text placed before every script body. */
export const hostModulePowerShell = `Set-StrictMode -Off
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
if ($PSVersionTable.PSVersion.Major -lt 6) {
    Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue
}
if (-not ('PulumiL2Bridge.Hcn' -as [type])) {
    Add-Type -TypeDefinition @'
${hcnInteropCSharp}'@
}
${sharedFunctions}`;
