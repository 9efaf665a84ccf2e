<#
    pulumi-l2bridge host module for Windows container hosts (HNS).

    Loaded once into the long-lived shell of a host, keyed by its content hash, together with the
    C# HCN binding (HcnBinding.cs); requests then name one Invoke-L2bOperation_<name> function and
    carry its parameters as data. The text is constant: user values only ever arrive in $Params
    (decoded from the request's JSON, which travels base64-encoded, gzip-compressed when large).
    Runs on Windows PowerShell 5.1 (C# 5 for Add-Type) and PowerShell 7.

    The state directory (%ProgramData%\pulumi-l2bridge) holds the ownership records and the
    scripts a SYSTEM scheduled task runs, so it is created granting only SYSTEM and Administrators
    without inheritance, and its owner and ACL are checked before anything is read from it, written
    to it or run from it.
#>
Set-StrictMode -Off
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
if ($PSVersionTable.PSVersion.Major -lt 6) {
    Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue
}

# JSON: results are PowerShell objects serialised once (ConvertTo-L2bJson) when an operation
# returns; HCN objects travel as the JSON text HNS returned, as string values the driver parses.
# No JSON is ever assembled from strings here.

function ConvertTo-L2bJson {
    # $Value (objects, lists, the driver's documents as it sent them) as compact JSON text.
    param($Value)
    return (ConvertTo-Json -InputObject $Value -Depth 10 -Compress)
}

# PowerShell 7 turns a JSON string that reads as an ISO-8601 date into a DateTime unless told
# -DateKind String (7.5 and later; 5.1 keeps such strings): a network named 2026-01-01 must stay
# that name, and a document sent on to HNS must stay as the driver wrote it.
$script:L2bJsonReadOptions = @{}
if ((Get-Command ConvertFrom-Json).Parameters['DateKind']) { $script:L2bJsonReadOptions.DateKind = 'String' }

function ConvertFrom-L2bJson {
    # The objects JSON text $Text holds, its strings kept as strings.
    param($Text)
    return (ConvertFrom-Json -InputObject $Text @script:L2bJsonReadOptions)
}

function Get-L2bTextList {
    # The non-empty texts of $Items as one array (HCN objects as HNS returned them).
    param([string[]]$Items)
    return ,([string[]]@(foreach ($item in $Items) { if ($item) { $item } }))
}

function Get-L2bStatePath {
    param([string]$Leaf)
    return [System.IO.Path]::Combine((Get-L2bStateDirectory), $Leaf)
}

# Kinds as earlier versions wrote them, and the name each kind has now.
$script:L2bRenamedKinds = @{ 'network' = 'l2BridgeNetwork'; 'routeSet' = 'containerRoute'; 'loadBalancer' = 'hnsLoadBalancer' }

# The records file's text as last parsed, and what it parsed to: a request whose file holds the
# same text reuses the parse (ConvertFrom-Json per line is the slow part of a read).
$script:L2bRecordsText = $null
$script:L2bRecordsParsed = $null

# Whether the records file was read since the request began (or since the host lock was taken or
# released, or the records saved): a read-only request reads it once, however many of its views
# list the records; a change, under the lock, reads it afresh.
$script:L2bRecordsRead = $false

function Update-L2bRecordsCache {
    # Parses the records file into $script:L2bRecordsParsed unless this request read it already or
    # it holds the text last parsed. Records an earlier version wrote under a kind's old name are
    # read under its new one (and written back so on the next save).
    if ($script:L2bRecordsRead) { return }
    $path = Get-L2bStatePath 'records.jsonl'
    $text = ''
    if ([System.IO.File]::Exists($path)) { $text = [System.IO.File]::ReadAllText($path) }
    if ($null -eq $script:L2bRecordsParsed -or -not [string]::Equals($text, $script:L2bRecordsText, [System.StringComparison]::Ordinal)) {
        $parsed = [System.Collections.Generic.List[object]]::new()
        foreach ($line in $text.Split([char]10)) {
            if ($line.Trim()) {
                $record = ConvertFrom-L2bJson $line
                $renamed = $script:L2bRenamedKinds[[string]$record.kind]
                if ($renamed) { $record.kind = $renamed }
                $parsed.Add([ordered]@{ kind = [string]$record.kind; name = [string]$record.name; id = [string]$record.id; network = [string]$record.network; data = [string]$record.data })
            }
        }
        $script:L2bRecordsParsed = $parsed.ToArray()
        $script:L2bRecordsText = $text
    }
    $script:L2bRecordsRead = $true
}

function Read-L2bRecords {
    # The records as a fresh list of fresh objects, for a change to edit and save: read from the
    # file afresh.
    $script:L2bRecordsRead = $false
    Update-L2bRecordsCache
    $records = [System.Collections.Generic.List[object]]::new()
    foreach ($r in $script:L2bRecordsParsed) {
        $records.Add([pscustomobject]@{ kind = $r.kind; name = $r.name; id = $r.id; network = $r.network; data = $r.data })
    }
    return ,$records
}

function Save-L2bRecords {
    param($Records)
    $path = Get-L2bStatePath 'records.jsonl'
    $lines = [System.Collections.Generic.List[string]]::new()
    foreach ($r in $Records) {
        $flat = [ordered]@{ kind = [string]$r.kind; name = [string]$r.name; id = [string]$r.id; network = [string]$r.network; data = [string]$r.data }
        $lines.Add((ConvertTo-Json -InputObject $flat -Compress))
    }
    $temporary = $path + '.tmp'
    [System.IO.File]::WriteAllLines($temporary, $lines.ToArray(), [System.Text.UTF8Encoding]::new($false))
    Move-Item -LiteralPath $temporary -Destination $path -Force
    $script:L2bRecordsRead = $false
}

function Set-L2bRecord {
    param([string]$Kind, [string]$Name, [string]$Id, [string]$Network, [string]$Data)
    $records = Read-L2bRecords
    $kept = [System.Collections.Generic.List[object]]::new()
    foreach ($r in $records) {
        if (-not ($r.kind -eq $Kind -and $r.name -eq $Name)) { $kept.Add($r) }
    }
    $kept.Add([pscustomobject]@{ kind = $Kind; name = $Name; id = $Id; network = $Network; data = $Data })
    Save-L2bRecords $kept
}

function Remove-L2bRecord {
    param([string]$Kind, [string]$Name)
    $records = Read-L2bRecords
    $kept = [System.Collections.Generic.List[object]]::new()
    foreach ($r in $records) {
        if (-not ($r.kind -eq $Kind -and $r.name -eq $Name)) { $kept.Add($r) }
    }
    Save-L2bRecords $kept
}

function Get-L2bRecordList {
    # The ownership records as flat objects, for a view (not to be edited).
    Update-L2bRecordsCache
    return ,$script:L2bRecordsParsed
}

function Invoke-L2bLocked {
    param([scriptblock]$Body)
    $mutex = [System.Threading.Mutex]::new($false, 'Global\pulumi-l2bridge-host')
    $held = $false
    try {
        try {
            $held = $mutex.WaitOne([TimeSpan]::FromSeconds(120))
        } catch [System.Threading.AbandonedMutexException] {
            $held = $true
        }
        if (-not $held) {
            throw 'pulumi-l2bridge: another apply held the host lock (Global\pulumi-l2bridge-host) for 120 seconds'
        }
        # What another shell saved before the lock was taken is read under it.
        $script:L2bRecordsRead = $false
        & $Body
    } finally {
        $script:L2bRecordsRead = $false
        if ($held) { $mutex.ReleaseMutex() }
        $mutex.Dispose()
    }
}

function Get-L2bHnsVersion {
    $text = [PulumiL2Bridge.Hcn]::V1('GET', '/globals/version', '')
    $envelope = ConvertFrom-L2bJson $text
    return [ordered]@{ major = [int]$envelope.Output.Major; minor = [int]$envelope.Output.Minor }
}

function Find-L2bObjects {
    param([string]$Kind, [string]$Query)
    return ,([PulumiL2Bridge.Hcn]::List($Kind, $Query))
}

function Read-L2bInterfaceFacts {
    # Every IPv4 interface (alias, index, forwarding, MAC), address and neighbour of the host, read
    # through IP Helper: one native call per table, where a NetTCPIP cmdlet is a CIM query.
    return [PulumiL2Bridge.IpHelper]::ReadInterfaceFacts()
}

function Get-L2bInterfaceView {
    # Interface $Alias as $Facts (Read-L2bInterfaceFacts) show it. Aliases compare as the cmdlets
    # compare them (ignoring case) and literally, so no wildcard in an alias can widen the match.
    param([string]$Alias, $Facts)
    $ip = $null
    foreach ($candidate in $Facts.Interfaces) {
        if ($candidate.InterfaceAlias -eq $Alias) { $ip = $candidate; break }
    }
    if ($null -eq $ip) {
        return [ordered]@{ alias = $Alias; exists = $false }
    }
    $addresses = @(foreach ($address in $Facts.Addresses) {
        if ($address.ifIndex -eq $ip.ifIndex) { $address.IPAddress }
    })
    $neighbors = @(foreach ($neighbor in $Facts.Neighbors) {
        if ($neighbor.ifIndex -eq $ip.ifIndex -and $neighbor.State -eq 'Permanent') {
            [ordered]@{ ipAddress = $neighbor.IPAddress; linkLayerAddress = $neighbor.LinkLayerAddress; state = $neighbor.State }
        }
    })
    return [ordered]@{
        alias = $Alias
        exists = $true
        ifIndex = [int]$ip.ifIndex
        forwarding = $ip.Forwarding
        macAddress = $ip.MacAddress
        addresses = $addresses
        neighbors = $neighbors
    }
}

function Get-L2bAliasOfAddress {
    # The alias of the interface that holds IPv4 address $Address in $Facts, or ''.
    param([string]$Address, $Facts)
    if (-not $Address) { return '' }
    foreach ($candidate in $Facts.Addresses) {
        if ($candidate.IPAddress -eq $Address) { return $candidate.InterfaceAlias }
    }
    return ''
}

function Wait-L2bInterface {
    param([string]$Alias, [int]$Seconds)
    $deadline = (Get-Date).AddSeconds($Seconds)
    while ((Get-Date) -lt $deadline) {
        if ((Get-L2bInterfaceView $Alias (Read-L2bInterfaceFacts)).exists) { return }
        Start-Sleep -Milliseconds 500
    }
    throw ('pulumi-l2bridge: interface "' + $Alias + '" did not appear within ' + $Seconds + ' seconds')
}

function Get-L2bNetworkIdByName {
    # The ID of the HNS network named $Name; an error naming the fix when there is none.
    param([string]$Name, [string]$Query)
    $id = Get-L2bNamedNetworkId $Name $Query
    if (-not $id) { throw ('pulumi-l2bridge: HNS network "' + $Name + '" not found; create the L2BridgeNetwork first') }
    return [Guid]$id
}

function Read-L2bObjectsById {
    # The HCN objects of $Kind with the IDs $Ids, each opened once by ID, as HNS returns them. An
    # ID that is no GUID names no object, as it names none in HNS; those HNS no longer has are
    # left out.
    param([string]$Kind, [object[]]$Ids, [string]$Query)
    $seen = [System.Collections.Generic.HashSet[guid]]::new()
    $found = [System.Collections.Generic.List[string]]::new()
    foreach ($id in $Ids) {
        $guid = [Guid]::Empty
        if (-not [Guid]::TryParse([string]$id, [ref]$guid) -or -not $seen.Add($guid)) { continue }
        $text = [PulumiL2Bridge.Hcn]::TryQuery($Kind, $guid, $Query)
        if ($text) { $found.Add($text) }
    }
    return ,($found.ToArray())
}

function Get-L2bRecordedIds {
    # The IDs the records of $RecordKind in network $Network hold.
    param([object[]]$Records, [string]$RecordKind, [string]$Network)
    return ,([object[]]@(foreach ($record in $Records) {
        if ($record.kind -eq $RecordKind -and $record.network -eq $Network) { $record.id }
    }))
}

function Find-L2bRecordedObjects {
    # The HCN objects of $Kind that the records of $RecordKind in network $Network name, as HNS
    # returns them (those HNS no longer has are left out).
    param([string]$Kind, [string]$RecordKind, [string]$Network, [string]$Query)
    return ,(Read-L2bObjectsById $Kind (Get-L2bRecordedIds (Get-L2bRecordList) $RecordKind $Network) $Query)
}

function Get-L2bNetworkView {
    # The network named $P.name with the endpoints that the package's ContainerEndpoint records
    # name in it, and the records. The recorded network is opened by its ID (no enumerate); HNS's
    # name filter finds the network when there is no record, or the recorded one is gone or has
    # another name. When no network has the name, or $P.uplink asks, every network and the uplink
    # facts (default route, physical adapters) instead: only a create needs them, and their
    # cmdlets are the slow part of a read.
    param($P)
    $name = [string]$P.name
    $networks = @()
    $managementIp = ''
    $found = $false
    $candidates = $null
    foreach ($record in (Get-L2bRecordList)) {
        $id = [Guid]::Empty
        if ($record.kind -ne 'l2BridgeNetwork' -or $record.name -ne $name -or -not [Guid]::TryParse([string]$record.id, [ref]$id)) { continue }
        $network = Read-L2bNetwork $id ([string]$P.networkQuery) $name
        if ($null -ne $network -and $network.name -eq $name) { $candidates = @($network) }
    }
    if ($null -eq $candidates) { $candidates = Read-L2bNetworks ([string]$P.namedNetworkQuery) $name }
    foreach ($network in $candidates) {
        $networks += $network.text
        if (-not $found -and $network.name -eq $name) {
            $found = $true
            $managementIp = $network.managementIp
        }
    }
    $defaultAlias = $null
    $adapters = $null
    $endpoints = @()
    if ($found) {
        $endpoints = Find-L2bRecordedObjects 'Endpoint' 'containerEndpoint' $name ([string]$P.endpointQuery)
    }
    if ($P.uplink -or -not $found) {
        $networks = Find-L2bObjects 'Network' ([string]$P.networkQuery)
        $defaultRoute = Get-NetRoute -DestinationPrefix '0.0.0.0/0' -PolicyStore ActiveStore -ErrorAction SilentlyContinue | Sort-Object -Property RouteMetric | Select-Object -First 1
        $defaultAlias = ''
        if ($null -ne $defaultRoute) { $defaultAlias = [string]$defaultRoute.InterfaceAlias }
        $adapters = @(Get-NetAdapter -Physical -ErrorAction SilentlyContinue | ForEach-Object {
            [ordered]@{ name = [string]$_.Name; status = [string]$_.Status }
        })
    }
    return [ordered]@{
        records = (Get-L2bRecordList)
        networks = (Get-L2bTextList $networks)
        endpoints = (Get-L2bTextList $endpoints)
        managementIp = $managementIp
        defaultRouteAlias = $defaultAlias
        physicalAdapters = $adapters
    }
}

# The query that asks HNS for a network's v1 shape, which alone carries its management IP.
$script:L2bV1Query = ConvertTo-L2bJson ([ordered]@{ SchemaVersion = [ordered]@{ Major = 1; Minor = 0 }; Flags = 0 })

function Get-L2bManagementIpOfShape {
    # The management IP a network's v1 shape (JSON text) carries, or ''.
    param([string]$V1Shape)
    if (-not $V1Shape) { return '' }
    $network = ConvertFrom-L2bJson $V1Shape
    if (-not $network.ManagementIP) { return '' }
    return [string]$network.ManagementIP
}

function Get-L2bManagementIp {
    param([string]$NetworkId)
    if (-not $NetworkId) { return '' }
    return (Get-L2bManagementIpOfShape ([PulumiL2Bridge.Hcn]::TryQuery('Network', [Guid]$NetworkId, $script:L2bV1Query)))
}

function Read-L2bNetwork {
    # Network $Id as {text (HNS's answer to $Query), id, name, managementIp}, or $null when HNS
    # has no such network. The management IP is read only when the network is named
    # $ManagementIpOf, from its v1 shape asked on the handle already open for the first query.
    param([string]$Id, [string]$Query, [string]$ManagementIpOf)
    $handle = [PulumiL2Bridge.Hcn]::TryOpen('Network', [Guid]$Id)
    if ($handle -eq [IntPtr]::Zero) { return $null }
    try {
        $text = [PulumiL2Bridge.Hcn]::QueryOpen('Network', $handle, $Query)
        $network = ConvertFrom-L2bJson $text
        $managementIp = ''
        if ($ManagementIpOf -and $network.Name -eq $ManagementIpOf) {
            $managementIp = Get-L2bManagementIpOfShape ([PulumiL2Bridge.Hcn]::QueryOpen('Network', $handle, $script:L2bV1Query))
        }
        return [pscustomobject]@{ text = $text; id = ([Guid]$network.ID).ToString(); name = [string]$network.Name; managementIp = $managementIp }
    } finally {
        [PulumiL2Bridge.Hcn]::CloseHandle('Network', $handle)
    }
}

function Read-L2bNetworks {
    # The networks $Query enumerates (see Read-L2bNetwork; those gone since are left out).
    param([string]$Query, [string]$ManagementIpOf)
    $found = [System.Collections.Generic.List[object]]::new()
    foreach ($id in [PulumiL2Bridge.Hcn]::Enumerate('Network', $Query)) {
        $network = Read-L2bNetwork $id $Query $ManagementIpOf
        if ($null -ne $network) { $found.Add($network) }
    }
    return ,($found.ToArray())
}

function Find-L2bNamedNetwork {
    # The network named $Name among those $Query enumerates (see Read-L2bNetworks), with its
    # management IP when $WithManagementIp; $null when none has the name.
    param([string]$Name, [string]$Query, [bool]$WithManagementIp)
    $ipOf = ''
    if ($WithManagementIp) { $ipOf = $Name }
    foreach ($network in (Read-L2bNetworks $Query $ipOf)) {
        if ($network.name -eq $Name) { return $network }
    }
    return $null
}

function Get-L2bManagementAlias {
    param([string]$NetworkId)
    return (Get-L2bAliasOfAddress (Get-L2bManagementIp $NetworkId) (Read-L2bInterfaceFacts))
}

function Read-L2bRecordedEndpoint {
    # The endpoint of the name $P.name that this package recorded (a GatewayEndpoint or a
    # ContainerEndpoint), opened by its recorded ID: {text (HNS's answer), endpoint (parsed)};
    # $null when no record or more than one has the name, or the recorded endpoint is gone or has
    # another name (HNS's name filter then finds the endpoints of the name).
    param($P)
    $name = [string]$P.name
    $ids = @(foreach ($record in (Get-L2bRecordList)) {
        if (($record.kind -eq 'containerEndpoint' -or $record.kind -eq 'gatewayEndpoint') -and $record.name -ceq $name) { $record.id }
    })
    if ($ids.Count -ne 1) { return $null }
    $found = Read-L2bObjectsById 'Endpoint' $ids ([string]$P.detailedQuery)
    if ($found.Count -ne 1) { return $null }
    $endpoint = ConvertFrom-L2bJson $found[0]
    if ($endpoint.Name -cne $name) { return $null }
    return [pscustomobject]@{ text = $found[0]; endpoint = $endpoint }
}

function Get-L2bEndpointView {
    param($P)
    $recorded = Read-L2bRecordedEndpoint $P
    if ($null -ne $recorded) {
        $endpoints = @($recorded.text)
        $parsed = @($recorded.endpoint)
    } else {
        $endpoints = Find-L2bObjects 'Endpoint' ([string]$P.endpointQuery)
        $parsed = @(foreach ($text in $endpoints) { ConvertFrom-L2bJson $text })
    }
    # A create needs the load balancers (the VIP routes a new endpoint gets) and the management IP
    # (its NAT exceptions): they are read when asked, or while no endpoint has the name. A watched
    # host interface needs the management IP too (the management vNIC is found by it).
    $createFacts = $P.createFacts -or $endpoints.Count -eq 0
    $namespaces = [System.Collections.Generic.List[string]]::new()
    $endpointNetworkIds = [System.Collections.Generic.List[string]]::new()
    foreach ($endpoint in $parsed) {
        if ($endpoint.HostComputeNetwork) { $endpointNetworkIds.Add([string]$endpoint.HostComputeNetwork) }
        if ($endpoint.HostComputeNamespace) {
            $namespace = [PulumiL2Bridge.Hcn]::TryQuery('Namespace', [Guid]$endpoint.HostComputeNamespace, [string]$P.detailedQuery)
            if ($namespace) { $namespaces.Add($namespace) }
        }
    }
    # The network named $P.network: first the one an endpoint of the name sits in, opened by its
    # ID (no enumerate); through HNS's name filter when that one has another name or there is none.
    $networkText = $null
    $managementIp = ''
    if ($P.network) {
        $name = [string]$P.network
        $ipOf = ''
        if ($createFacts -or $P.hostInterface) { $ipOf = $name }
        $named = $null
        foreach ($networkId in $endpointNetworkIds) {
            $candidate = Read-L2bNetwork $networkId ([string]$P.networkQuery) $ipOf
            if ($null -ne $candidate -and $candidate.name -eq $name) { $named = $candidate; break }
        }
        if ($null -eq $named) { $named = Find-L2bNamedNetwork $name ([string]$P.namedNetworkQuery) ($ipOf -ne '') }
        if ($null -ne $named) {
            $networkText = $named.text
            $managementIp = $named.managementIp
        }
    }
    $interfaces = [System.Collections.Generic.List[object]]::new()
    $managementAlias = ''
    if ($P.hostInterface) {
        $facts = Read-L2bInterfaceFacts
        $interfaces.Add((Get-L2bInterfaceView ([string]$P.hostInterface) $facts))
        $managementAlias = Get-L2bAliasOfAddress $managementIp $facts
        if ($managementAlias) { $interfaces.Add((Get-L2bInterfaceView $managementAlias $facts)) }
    }
    $view = [ordered]@{
        records = (Get-L2bRecordList)
        network = $networkText
        endpoints = (Get-L2bTextList $endpoints)
        namespaces = (Get-L2bTextList $namespaces.ToArray())
        interfaces = $interfaces.ToArray()
        managementAlias = $managementAlias
        managementIp = $managementIp
    }
    if ($createFacts) { $view.loadBalancers = (Get-L2bTextList (Find-L2bObjects 'LoadBalancer' ([string]$P.plainQuery))) }
    return $view
}

function Get-L2bLoadBalancerView {
    param($P)
    $records = Get-L2bRecordList
    $recorded = $null
    if ($P.narrow) { $recorded = Read-L2bRecordedLoadBalancers $P $records }
    $partial = $null -ne $recorded
    if ($partial) {
        $loadBalancers = $recorded.texts
        $endpoints = Read-L2bListedEndpoints $P $records $recorded.own
    } else {
        $loadBalancers = Find-L2bObjects 'LoadBalancer' ([string]$P.plainQuery)
        $endpoints = Find-L2bObjects 'Endpoint' ([string]$P.plainQuery)
    }
    # The management IP (a second query of the network) serves the VIP route decisions of a
    # change; a narrow read needs it only for a load balancer that wants no VIP routes.
    $managementIpOf = ''
    if (-not $partial -or $P.withManagementIp) { $managementIpOf = [string]$P.network }
    $networkText = $null
    $managementIp = ''
    $networks = Read-L2bNetworks ([string]$P.networkQuery) $managementIpOf
    foreach ($network in $networks) {
        if ($P.network -and $network.name -eq [string]$P.network) {
            $networkText = $network.text
            $managementIp = $network.managementIp
        }
    }
    # The HNS version gates directServerReturn: read only when the load balancer asks for it.
    $version = $null
    if ($P.withVersion) { $version = Get-L2bHnsVersion }
    return [ordered]@{
        version = $version
        records = $records
        network = $networkText
        networks = (Get-L2bTextList @(foreach ($network in $networks) { $network.text }))
        loadBalancers = (Get-L2bTextList $loadBalancers)
        endpoints = (Get-L2bTextList $endpoints)
        partial = $partial
        managementIp = $managementIp
    }
}

function Read-L2bRecordedLoadBalancers {
    # For a narrow read of load balancer $P.name: the load balancers recorded under that name or in
    # network $P.network (the VIP routes of the network's container endpoints serve them), each
    # opened by ID, and the one of $P.name parsed (own). $null (every load balancer and endpoint is
    # read instead) when $P.name has no record or its load balancer is gone (the read then looks
    # for one with the same frontend).
    param($P, [object[]]$Records)
    $texts = [System.Collections.Generic.List[string]]::new()
    $own = $null
    foreach ($record in $Records) {
        if ($record.kind -ne 'hnsLoadBalancer') { continue }
        $mine = $record.name -eq [string]$P.name
        if (-not $mine -and $record.network -ne [string]$P.network) { continue }
        $guid = [guid]::Empty
        $text = $null
        if ([guid]::TryParse([string]$record.id, [ref]$guid)) {
            $text = [PulumiL2Bridge.Hcn]::TryQuery('LoadBalancer', $guid, [string]$P.plainQuery)
        }
        if ($null -eq $text) { if ($mine) { return $null } else { continue } }
        $texts.Add($text)
        if ($mine) { $own = ConvertFrom-L2bJson $text }
    }
    if ($null -eq $own) { return $null }
    return [pscustomobject]@{ texts = $texts.ToArray(); own = $own }
}

function Read-L2bListedEndpoints {
    # For a narrow read of load balancer $P.name: the endpoints its load balancer ($LoadBalancer)
    # lists, the container endpoints recorded in its network and the endpoints $P.endpointIds
    # names, each opened by ID.
    param($P, [object[]]$Records, $LoadBalancer)
    $ids = @($LoadBalancer.HostComputeEndpoints) + @($P.endpointIds) + (Get-L2bRecordedIds $Records 'containerEndpoint' ([string]$P.network))
    return ,(Read-L2bObjectsById 'Endpoint' $ids ([string]$P.plainQuery))
}

function Get-L2bHcnView {
    # Every network and endpoint of the host, whoever made them, and the ownership records.
    param($P)
    return [ordered]@{
        records = (Get-L2bRecordList)
        networks = (Get-L2bTextList (Find-L2bObjects 'Network' ([string]$P.networkQuery)))
        endpoints = (Get-L2bTextList (Find-L2bObjects 'Endpoint' ([string]$P.endpointQuery)))
    }
}

# The PersistentStore as this shell last read it. Only NetTCPIP shows that store (on Windows a CIM
# query, the slowest read a route view makes), and only an administrator's command changes it, so
# a shell (one per host for one pulumi operation) reads it once, and again after any route change
# of its own. A change made out of band while the operation runs is seen by the next operation.
$script:L2bPersistentRoutes = $null

function Read-L2bPersistentRoutes {
    if ($null -eq $script:L2bPersistentRoutes) {
        # Get-NetRoute reports an empty store as an error: nothing matched.
        $script:L2bPersistentRoutes = @(Get-NetRoute -AddressFamily IPv4 -PolicyStore PersistentStore -ErrorAction SilentlyContinue |
            ForEach-Object {
                [pscustomobject]@{
                    DestinationPrefix = [string]$_.DestinationPrefix
                    NextHop = [string]$_.NextHop
                    InterfaceAlias = [string]$_.InterfaceAlias
                    RouteMetric = [int]$_.RouteMetric
                }
            })
    }
    return ,$script:L2bPersistentRoutes
}

function Get-L2bRouteView {
    param($P)
    $prefixes = [System.Collections.Generic.HashSet[string]]::new()
    foreach ($prefix in @($P.prefixes)) { if ($prefix) { [void]$prefixes.Add([string]$prefix) } }
    foreach ($record in (Get-L2bRecordList)) {
        if ($record.kind -eq 'containerRoute' -and $record.name -eq [string]$P.name -and $record.data) {
            foreach ($route in @((ConvertFrom-L2bJson ([string]$record.data)).routes)) {
                if ($route) { [void]$prefixes.Add([string]$route.destinationPrefix) }
            }
        }
    }
    # The active store through IP Helper; the persistent store only NetTCPIP shows.
    $stores = [ordered]@{
        ActiveStore = [PulumiL2Bridge.IpHelper]::ReadRoutes()
        PersistentStore = (Read-L2bPersistentRoutes)
    }
    $routes = [System.Collections.Generic.List[object]]::new()
    foreach ($store in $stores.Keys) {
        foreach ($route in $stores[$store]) {
            if ($null -ne $route -and $prefixes.Contains([string]$route.DestinationPrefix)) {
                $routes.Add([ordered]@{
                    destinationPrefix = [string]$route.DestinationPrefix
                    nextHop = [string]$route.NextHop
                    interfaceAlias = [string]$route.InterfaceAlias
                    metric = [int]$route.RouteMetric
                    store = $store
                })
            }
        }
    }
    $nextHops = [string[]]@(foreach ($nextHop in @($P.nextHops)) { if ($nextHop) { [string]$nextHop } })
    $aliases = [PulumiL2Bridge.IpHelper]::BestInterfaceAliases($nextHops)
    $resolved = [System.Collections.Generic.List[object]]::new()
    for ($i = 0; $i -lt $nextHops.Length; $i++) {
        $resolved.Add([ordered]@{ nextHop = $nextHops[$i]; interfaceAlias = $aliases[$i] })
    }
    return [ordered]@{
        records = (Get-L2bRecordList)
        routes = $routes.ToArray()
        nextHopInterfaces = $resolved.ToArray()
    }
}

function New-L2bNetworkIfAbsent {
    param($P)
    foreach ($text in (Find-L2bObjects 'Network' ([string]$P.networkQuery))) {
        $existing = ConvertFrom-L2bJson $text
        if ($existing.Name -eq [string]$P.name) {
            return ('exists:' + ([Guid]$existing.ID).ToString())
        }
    }
    $created = ConvertFrom-L2bJson ([PulumiL2Bridge.Hcn]::CreateNetwork([string]$P.document, [string]$P.networkQuery))
    $id = ([Guid]$created.ID).ToString()
    Set-L2bRecord 'l2BridgeNetwork' ([string]$P.name) $id ([string]$P.name) ([string]$P.recordData)
    return ('created:' + $id)
}

function Find-L2bSingleEndpoint {
    param($P)
    $found = @((Find-L2bObjects 'Endpoint' ([string]$P.endpointQuery)) | ForEach-Object { ConvertFrom-L2bJson $_ } | Where-Object { $_.Name -eq [string]$P.name })
    if ($found.Count -gt 1) {
        throw ('pulumi-l2bridge: ' + $found.Count + ' HNS endpoints are named "' + $P.name + '"; endpoint names must be unique on the host')
    }
    if ($found.Count -eq 0) { return $null }
    return $found[0]
}

function New-L2bEndpointIfAbsent {
    param($P, [string]$Kind)
    $existing = Find-L2bSingleEndpoint $P
    if ($null -ne $existing) { return ([Guid]$existing.ID) }
    $networkId = Get-L2bNetworkIdByName ([string]$P.network) ([string]$P.networkQuery)
    # The driver's document as it sent it, with the network's ID set on the parsed object.
    $document = $P.document
    $document | Add-Member -NotePropertyName 'HostComputeNetwork' -NotePropertyValue $networkId.ToString() -Force
    $created = ConvertFrom-L2bJson ([PulumiL2Bridge.Hcn]::CreateEndpoint($networkId, (ConvertTo-L2bJson $document), [string]$P.plainQuery))
    $id = [Guid]$created.ID
    Set-L2bRecord $Kind ([string]$P.name) $id.ToString() ([string]$P.network) ([string]$P.recordData)
    return $id
}

function Connect-L2bHostEndpoint {
    param([Guid]$EndpointId)
    $failure = ''
    try {
        $request = ConvertTo-L2bJson ([ordered]@{ SystemType = 'Host'; CompartmentId = 1 })
        $response = ConvertFrom-L2bJson ([PulumiL2Bridge.Hcn]::V1('POST', '/endpoints/' + $EndpointId.ToString() + '/attach', $request))
        if (-not $response.Success) { $failure = [string]$response.Error }
    } catch {
        $failure = [string]$_.Exception.Message
    }
    if ($failure -and $failure -notmatch 'already attached') {
        throw ('pulumi-l2bridge: attaching endpoint ' + $EndpointId + ' to the host compartment failed: ' + $failure)
    }
}

function Set-L2bGatewayInterface {
    param($P, [string]$ManagementAlias)
    $state = 'Disabled'
    if ($P.forwarding) { $state = 'Enabled' }
    Set-NetIPInterface -InterfaceAlias (ConvertTo-L2bLiteralPattern ([string]$P.hostInterface)) -AddressFamily IPv4 -Forwarding $state
    if ($P.forwarding -and $ManagementAlias) {
        Set-NetIPInterface -InterfaceAlias (ConvertTo-L2bLiteralPattern $ManagementAlias) -AddressFamily IPv4 -Forwarding Enabled
    }
    if ($P.neighborIp) {
        Remove-NetNeighbor -InterfaceAlias (ConvertTo-L2bLiteralPattern ([string]$P.hostInterface)) -IPAddress ([string]$P.neighborIp) -Confirm:$false -ErrorAction SilentlyContinue
        if ($P.neighborMac) {
            New-NetNeighbor -InterfaceAlias ([string]$P.hostInterface) -IPAddress ([string]$P.neighborIp) -LinkLayerAddress ([string]$P.neighborMac) -PolicyStore ActiveStore | Out-Null
        }
    }
}

function Find-L2bNamespace {
    param([string]$Container, [string]$Query)
    $asGuid = [Guid]::Empty
    if ([Guid]::TryParse($Container, [ref]$asGuid)) {
        if ([PulumiL2Bridge.Hcn]::TryQuery('Namespace', $asGuid, $Query)) { return $asGuid }
    }
    foreach ($text in (Find-L2bObjects 'Namespace' $Query)) {
        $namespace = ConvertFrom-L2bJson $text
        foreach ($resource in @($namespace.Resources)) {
            if ($null -eq $resource -or $resource.Type -ne 'Container') { continue }
            $data = $resource.Data
            if ($data -and (([string]$data.Id) -eq $Container -or ([string]$data.ID) -eq $Container)) {
                return ([Guid]$namespace.ID)
            }
        }
    }
    throw ('pulumi-l2bridge: container "' + $Container + '" has no HNS namespace on this host; start the container first or pass its namespace GUID')
}

function ConvertTo-L2bNamespaceRequest {
    # The namespace modify request that adds ($RequestType 'Add') or removes an endpoint.
    param([string]$RequestType, [Guid]$EndpointId)
    return (ConvertTo-L2bJson ([ordered]@{ ResourceType = 'Endpoint'; RequestType = $RequestType; Settings = [ordered]@{ EndpointId = $EndpointId.ToString() } }))
}

function Add-L2bEndpointToNamespace {
    param([Guid]$EndpointId, [Guid]$NamespaceId, [string]$Query)
    $endpoint = ConvertFrom-L2bJson ([PulumiL2Bridge.Hcn]::TryQuery('Endpoint', $EndpointId, $Query))
    if ($endpoint.HostComputeNamespace -and ([Guid]$endpoint.HostComputeNamespace) -eq $NamespaceId) { return }
    [PulumiL2Bridge.Hcn]::Modify('Namespace', $NamespaceId, (ConvertTo-L2bNamespaceRequest 'Add' $EndpointId))
}

function Remove-L2bEndpoint {
    param($P)
    $id = [Guid]([string]$P.id)
    $text = [PulumiL2Bridge.Hcn]::TryQuery('Endpoint', $id, [string]$P.plainQuery)
    if ($text) {
        $endpoint = ConvertFrom-L2bJson $text
        if ($endpoint.HostComputeNamespace) {
            [PulumiL2Bridge.Hcn]::Modify('Namespace', [Guid]$endpoint.HostComputeNamespace, (ConvertTo-L2bNamespaceRequest 'Remove' $id))
        }
        if ($P.hostAttached) {
            $detach = ConvertTo-L2bJson ([ordered]@{ SystemType = 'Host' })
            try { [void][PulumiL2Bridge.Hcn]::V1('POST', '/endpoints/' + $id.ToString() + '/detach', $detach) } catch { }
        }
        [PulumiL2Bridge.Hcn]::Delete('Endpoint', $id)
    }
    Remove-L2bRecord ([string]$P.kind) ([string]$P.name)
}

function Test-L2bEndpointHolds {
    param($Endpoint, [string]$Address)
    foreach ($configuration in @($Endpoint.IpConfigurations)) {
        if ($configuration -and [string]$configuration.IpAddress -eq $Address) { return $true }
    }
    return $false
}

function Set-L2bRoutes {
    param($P)
    # Whatever happens below, the next route view reads the PersistentStore again.
    $script:L2bPersistentRoutes = $null
    foreach ($route in @($P.remove)) {
        if ($null -eq $route) { continue }
        Get-NetRoute -DestinationPrefix ([string]$route.destinationPrefix) -PolicyStore ([string]$route.store) -ErrorAction SilentlyContinue |
            Where-Object { $_.NextHop -eq [string]$route.nextHop -and $_.InterfaceAlias -eq [string]$route.interfaceAlias } |
            Remove-NetRoute -Confirm:$false -ErrorAction SilentlyContinue
    }
    foreach ($route in @($P.add)) {
        if ($null -eq $route) { continue }
        New-NetRoute -DestinationPrefix ([string]$route.destinationPrefix) -NextHop ([string]$route.nextHop) -InterfaceAlias ([string]$route.interfaceAlias) -RouteMetric ([int]$route.metric) -PolicyStore ([string]$route.store) | Out-Null
    }
    if ($P.deleteRecord) {
        Remove-L2bRecord 'containerRoute' ([string]$P.name)
    } else {
        Set-L2bRecord 'containerRoute' ([string]$P.name) '' '' ([string]$P.recordData)
    }
}
function ConvertTo-L2bLiteralPattern {
    # Cmdlets whose parameter takes wildcards (Get-NetAdapter -Name, -InterfaceAlias of the Get-,
    # Set- and Remove- NetTCPIP cmdlets) must match the value literally: an alias holding [ ] * ?
    # would otherwise match other interfaces, or none.
    param([string]$Value)
    return [System.Management.Automation.WildcardPattern]::Escape($Value)
}

# The only descriptor the state directory may have: owner Administrators, a protected DACL (no
# inheritance) that allows full control to SYSTEM and Administrators and nobody else.
$script:L2bPrivateSddl = 'O:BAG:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'
$script:L2bTrustedSids = @('SY', 'BA', 'S-1-5-18', 'S-1-5-32-544')

function Get-L2bSecurityProblem {
    # Why the security descriptor (SDDL) of the state directory is not safe, or '' when it is:
    # the owner must be SYSTEM or Administrators, the DACL protected from inheritance, and every
    # allowing entry must name SYSTEM or Administrators.
    param([string]$Sddl)
    $owner = ''
    if ($Sddl -match '^O:(.+?)(?=G:|D:|S:|$)') { $owner = $Matches[1] }
    if ($script:L2bTrustedSids -notcontains $owner) {
        return ('is owned by ' + $(if ($owner) { $owner } else { 'nobody' }) + ', not by SYSTEM or Administrators')
    }
    if ($Sddl -notmatch '(?:^|\))?D:([A-Z_]*)((?:\([^)]*\))*)') {
        return 'has no access control list'
    }
    $flags = $Matches[1]
    $entries = $Matches[2]
    if ($flags -match 'NO_ACCESS_CONTROL') { return 'has a null access control list (everyone has full control)' }
    if (-not $flags.Contains('P')) { return 'inherits access control entries from its parent' }
    foreach ($entry in [regex]::Matches($entries, '\(([^)]*)\)')) {
        $fields = $entry.Groups[1].Value.Split(';')
        if ($fields.Count -lt 6) { return ('has an access control entry it cannot read: (' + $entry.Groups[1].Value + ')') }
        if ($fields[0] -notmatch '^(A|OA|XA|ZA)$') { continue }
        if ($script:L2bTrustedSids -notcontains $fields[5]) {
            return ('allows access to ' + $fields[5] + ', not only to SYSTEM and Administrators')
        }
    }
    return ''
}

function New-L2bPrivateDirectory {
    # Creates the state directory and gives it the private descriptor before anything is written
    # to it; a directory that gained entries in between is refused.
    param([string]$Path)
    New-Item -ItemType Directory -Path $Path | Out-Null
    $acl = Get-Acl -LiteralPath $Path
    $acl.SetSecurityDescriptorSddlForm($script:L2bPrivateSddl)
    Set-Acl -LiteralPath $Path -AclObject $acl
    if (@(Get-ChildItem -LiteralPath $Path -Force).Count -gt 0) {
        throw ('pulumi-l2bridge: the state directory ' + $Path + ' gained entries before its access control list was set; delete the directory (Remove-Item -Recurse -LiteralPath ''' + $Path + ''') and run again')
    }
}

# The state directory's descriptor (SDDL) as last found safe.
$script:L2bSafeSddl = $null

function Get-L2bStateDirectory {
    # %ProgramData%\pulumi-l2bridge, created private when absent; its owner and ACL are checked
    # before anything is read from it, written to it or run from it (once per request).
    if ($script:L2bCheckedStateDirectory) { return $script:L2bCheckedStateDirectory }
    $dir = [System.IO.Path]::Combine($env:ProgramData, 'pulumi-l2bridge')
    if (-not ([System.IO.Directory]::Exists($dir) -or [System.IO.File]::Exists($dir))) { New-L2bPrivateDirectory $dir }
    $sddl = [string](Get-Acl -LiteralPath $dir).Sddl
    # The verdict depends on the descriptor alone: the one last found safe is not parsed again.
    $problem = ''
    if (-not [string]::Equals($sddl, $script:L2bSafeSddl, [System.StringComparison]::Ordinal)) { $problem = Get-L2bSecurityProblem $sddl }
    if ($problem) {
        throw ('pulumi-l2bridge: refusing the state directory ' + $dir + ': it ' + $problem + '. It holds the ownership records and the scripts a SYSTEM scheduled task runs, so only SYSTEM and Administrators may write it; nothing was read from it or run from it. Fix: if you did not create it, delete it (Remove-Item -Recurse -LiteralPath ''' + $dir + ''') and the driver recreates it; otherwise, as an administrator: icacls "' + $dir + '" /setowner *S-1-5-32-544, then icacls "' + $dir + '" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F and /remove every other account it lists')
    }
    $script:L2bSafeSddl = $sddl
    $script:L2bCheckedStateDirectory = $dir
    return $dir
}

# The scheduled task's script (written next to the module and binding files of its hash, only
# after the state directory passed its check): loads the module from those files and runs the
# network create under the host lock, writing the outcome to the operation's result file.
$script:L2bDetachedTaskScript = @'
param([string]$OperationId, [string]$ModuleHash)
$ErrorActionPreference = 'Stop'
if ($OperationId -notmatch '^[0-9a-f]{32}$' -or $ModuleHash -notmatch '^[0-9a-f]{64}$') {
    throw 'pulumi-l2bridge: the detached create takes an operation id (32 hex digits) and a module hash (64 hex digits)'
}
if (-not ('PulumiL2Bridge.Hcn' -as [type])) {
    Add-Type -TypeDefinition ([System.IO.File]::ReadAllText((Join-Path $PSScriptRoot ('host-' + $ModuleHash + '.cs'))))
}
Import-Module -Name (Join-Path $PSScriptRoot ('host-' + $ModuleHash + '.psm1')) -Force
Invoke-L2bDetachedNetworkCreate $OperationId
'@

function Write-L2bDetachedFiles {
    # Writes the task script and this module's text and binding (from the loader) into the checked
    # operations directory; returns the module hash the task script is started with.
    param([string]$Directory, [string]$ScriptPath)
    $hash = [string]$global:L2bModuleHash
    if ($hash -notmatch '^[0-9a-f]{64}$' -or -not $global:L2bHostModuleText -or -not $global:L2bHcnBindingText) {
        throw 'pulumi-l2bridge: the host module was not loaded by the session loader, so the detached create has no module text to run'
    }
    $bom = [System.Text.UTF8Encoding]::new($true)
    [System.IO.File]::WriteAllText((Join-Path $Directory ('host-' + $hash + '.psm1')), [string]$global:L2bHostModuleText, $bom)
    [System.IO.File]::WriteAllText((Join-Path $Directory ('host-' + $hash + '.cs')), [string]$global:L2bHcnBindingText, $bom)
    [System.IO.File]::WriteAllText($ScriptPath, $script:L2bDetachedTaskScript, $bom)
    return $hash
}

function Invoke-L2bDetachedNetworkCreate {
    # Body of the scheduled task: the network create under the host lock, outcome to a file.
    param([string]$OperationId)
    $directory = Get-L2bStatePath 'operations'
    $paramsPath = Join-Path $directory ($OperationId + '.json')
    $resultPath = Join-Path $directory ($OperationId + '.result.json')
    $outcome = [ordered]@{ state = 'failed'; detail = '' }
    try {
        $Params = ConvertFrom-L2bJson ([System.IO.File]::ReadAllText($paramsPath))
        $outcome.detail = [string](Invoke-L2bLocked { New-L2bNetworkIfAbsent $Params })
        $outcome.state = 'succeeded'
    } catch {
        $outcome.detail = [string]$_.Exception.Message
    }
    [System.IO.File]::WriteAllText($resultPath, (ConvertTo-Json -InputObject $outcome -Compress), [System.Text.UTF8Encoding]::new($false))
}

# Batches: primitives the driver composes, run in one request under the host lock. The driver
# decides every step and composes every HCN document; the host checks the preconditions, then
# carries the steps out in order, substituting only the IDs of objects made earlier in the batch.

function Get-L2bNamedNetworkId {
    # The ID of the HNS network named $Name ('' when there is none).
    param([string]$Name, [string]$Query)
    $named = Find-L2bNamedNetwork $Name $Query $false
    if ($null -eq $named) { return '' }
    return $named.id
}

function Assert-L2bPrecondition {
    # Throws naming the precondition and the fix when the host no longer is as the driver read it.
    param($Condition, [string]$NetworkQuery, [string]$PlainQuery)
    $kind = [string]$Condition.kind
    if ($kind -eq 'networkId') {
        $id = Get-L2bNamedNetworkId ([string]$Condition.name) $NetworkQuery
        if (-not $id) {
            throw ('pulumi-l2bridge: precondition failed: HNS network "' + $Condition.name + '" no longer exists (it had ID ' + $Condition.id + ' when read); nothing was changed. Fix: run pulumi refresh, then pulumi up to create it again')
        }
        if ($id -ne ([Guid]([string]$Condition.id)).ToString()) {
            throw ('pulumi-l2bridge: precondition failed: HNS network "' + $Condition.name + '" has ID ' + $id + ', not ' + $Condition.id + ' as when read (it was recreated meanwhile); nothing was changed. Fix: run pulumi refresh, then pulumi up again')
        }
        return
    }
    if ($kind -eq 'endpointExists') {
        $id = [Guid]([string]$Condition.id)
        $text = [PulumiL2Bridge.Hcn]::TryQuery('Endpoint', $id, $PlainQuery)
        if (-not $text) {
            $fix = 'start the container whose endpoint it was, or remove the resource'
            if ($Condition.fix) { $fix = [string]$Condition.fix }
            throw ('pulumi-l2bridge: precondition failed: HNS endpoint ' + $id + ' no longer exists; nothing was changed. Fix: ' + $fix + ', then run pulumi up again')
        }
        if ($Condition.address -and -not (Test-L2bEndpointHolds (ConvertFrom-L2bJson $text) ([string]$Condition.address))) {
            throw ('pulumi-l2bridge: precondition failed: HNS endpoint ' + $id + ' no longer holds address ' + $Condition.address + ' (its container was replaced meanwhile); nothing was changed. Fix: run pulumi up again')
        }
        return
    }
    if ($kind -eq 'endpointUnused') {
        $id = [Guid]([string]$Condition.id)
        foreach ($text in (Find-L2bObjects 'LoadBalancer' $PlainQuery)) {
            $loadBalancer = ConvertFrom-L2bJson $text
            if ($Condition.except -and ([Guid]$loadBalancer.ID) -eq [Guid]([string]$Condition.except)) { continue }
            foreach ($listed in @($loadBalancer.HostComputeEndpoints)) {
                if ($listed -and ([Guid]$listed) -eq $id) {
                    throw ('pulumi-l2bridge: precondition failed: remote endpoint ' + $id + ' is now listed by load balancer ' + $loadBalancer.ID + ' (another apply made it meanwhile); nothing was changed. Fix: run pulumi up again')
                }
            }
        }
        return
    }
    throw ('pulumi-l2bridge: no batch precondition is named "' + $kind + '"')
}

function Resolve-L2bBatchId {
    # The HNS ID an entry names: { id } as given, or { ref } an object made earlier in the batch.
    param($Entry, $Made)
    if ($Entry.ref) {
        $ref = [string]$Entry.ref
        if (-not $Made.ContainsKey($ref)) { throw ('pulumi-l2bridge: no earlier step of the batch made "' + $ref + '"') }
        return $Made[$ref]
    }
    return ([Guid]([string]$Entry.id)).ToString()
}

function Invoke-L2bBatchStep {
    # One step of a batch; $Made maps the ref of each object made so far to its HNS ID.
    param($Step, $Made, [string]$PlainQuery)
    $op = [string]$Step.op
    if ($op -eq 'modifyEndpointPolicies') {
        $id = [Guid]([string]$Step.id)
        if ($Step.ifMissing -eq 'skip' -and -not [PulumiL2Bridge.Hcn]::TryQuery('Endpoint', $id, $PlainQuery)) { return }
        foreach ($requestType in @('Remove', 'Add')) {
            $policies = @($Step.($requestType.ToLowerInvariant()) | Where-Object { $null -ne $_ })
            if ($policies.Count -eq 0) { continue }
            $request = [ordered]@{ ResourceType = 'Policy'; RequestType = $requestType; Settings = [ordered]@{ Policies = $policies } }
            [PulumiL2Bridge.Hcn]::Modify('Endpoint', $id, (ConvertTo-L2bJson $request))
        }
        return
    }
    if ($op -eq 'modifyNetwork') {
        [PulumiL2Bridge.Hcn]::Modify('Network', [Guid]([string]$Step.id), (ConvertTo-L2bJson $Step.request))
        return
    }
    if ($op -eq 'createEndpoint') {
        $networkId = [Guid]([string]$Step.document.HostComputeNetwork)
        $created = ConvertFrom-L2bJson ([PulumiL2Bridge.Hcn]::CreateEndpoint($networkId, (ConvertTo-L2bJson $Step.document), $PlainQuery))
        $Made[[string]$Step.ref] = ([Guid]$created.ID).ToString()
        return
    }
    if ($op -eq 'createLoadBalancer') {
        $ids = [System.Collections.Generic.List[string]]::new()
        foreach ($entry in @($Step.endpoints)) {
            if ($null -ne $entry) { $ids.Add((Resolve-L2bBatchId $entry $Made)) }
        }
        $document = $Step.document
        $document | Add-Member -NotePropertyName 'HostComputeEndpoints' -NotePropertyValue ([string[]]$ids.ToArray()) -Force
        $created = ConvertFrom-L2bJson ([PulumiL2Bridge.Hcn]::CreateLoadBalancer((ConvertTo-L2bJson $document), $PlainQuery))
        $Made[[string]$Step.ref] = ([Guid]$created.ID).ToString()
        return
    }
    if ($op -eq 'deleteLoadBalancer' -or $op -eq 'deleteEndpoint') {
        $kind = 'LoadBalancer'
        if ($op -eq 'deleteEndpoint') { $kind = 'Endpoint' }
        $id = [Guid]([string]$Step.id)
        if ($Step.ifMissing -eq 'skip' -and -not [PulumiL2Bridge.Hcn]::TryQuery($kind, $id, $PlainQuery)) { return }
        [PulumiL2Bridge.Hcn]::Delete($kind, $id)
        return
    }
    if ($op -eq 'setRecord') {
        $id = [string]$Step.id
        if ($Step.ref) { $id = Resolve-L2bBatchId $Step $Made }
        Set-L2bRecord ([string]$Step.kind) ([string]$Step.name) $id ([string]$Step.network) ([string]$Step.data)
        return
    }
    if ($op -eq 'removeRecord') {
        Remove-L2bRecord ([string]$Step.kind) ([string]$Step.name)
        return
    }
    throw ('pulumi-l2bridge: no batch step is named "' + $op + '"')
}

function Get-L2bBatchView {
    # The view a batch returns: the observation $Params.view names, read after the steps.
    param($P)
    $view = [string]$P.view
    if ($view -eq 'network') { return (Get-L2bNetworkView $P) }
    if ($view -eq 'endpoint') { return (Get-L2bEndpointView $P) }
    if ($view -eq 'loadBalancer') { return (Get-L2bLoadBalancerView $P) }
    if ($view -eq 'hcn') { return (Get-L2bHcnView $P) }
    throw ('pulumi-l2bridge: no view is named "' + $view + '"')
}

# Operations found so far, by name (finding a function by name is slow next to a lookup here).
$script:L2bOperations = @{}

function Invoke-L2bOperation {
    # Runs operation $Name (a function Invoke-L2bOperation_<name> of this module) with $Params;
    # the state directory is checked afresh in every request.
    param([string]$Name, $Params)
    if ($Name -notmatch '^[A-Za-z]+$') { throw ('pulumi-l2bridge: no host operation is named "' + $Name + '"') }
    $script:L2bCheckedStateDirectory = $null
    $script:L2bRecordsRead = $false
    $command = $script:L2bOperations[$Name]
    if ($null -eq $command) {
        $command = Get-Command -Name ('Invoke-L2bOperation_' + $Name) -CommandType Function -ErrorAction SilentlyContinue
        if ($null -eq $command) { throw ('pulumi-l2bridge: no host operation is named "' + $Name + '"') }
        $script:L2bOperations[$Name] = $command
    }
    return (ConvertTo-L2bJson (& $command $Params))
}

# Operations: one function per request the driver sends.

function Invoke-L2bOperation_observeVersion {
    param($Params)
    return [ordered]@{ version = (Get-L2bHnsVersion) }
}

function Invoke-L2bOperation_observeNetwork {
    param($Params)
    return (Get-L2bNetworkView $Params)
}

function Invoke-L2bOperation_createNetwork {
    param($Params)
    $outcome = Invoke-L2bLocked { New-L2bNetworkIfAbsent $Params }
    return [ordered]@{
        outcome = [string]$outcome
        view = (Get-L2bNetworkView $Params)
    }
}

function Get-L2bOperationsDirectory {
    # The checked state directory's operations folder, created when absent; $OperationId checked.
    param([string]$OperationId)
    if ($OperationId -notmatch '^[0-9a-f]{32}$') {
        throw 'pulumi-l2bridge: operationId must be 32 lower-case hex digits'
    }
    $directory = Get-L2bStatePath 'operations'
    if (-not (Test-Path -LiteralPath $directory)) {
        New-Item -ItemType Directory -Path $directory -Force | Out-Null
    }
    return $directory
}

function Get-L2bDetachedOperation {
    # The state of detached operation $OperationId: its result once the task wrote it (the task is
    # then unregistered), 'running' after its start, else 'unknown'.
    param([string]$Directory, [string]$OperationId)
    $resultPath = Join-Path $Directory ($OperationId + '.result.json')
    $operation = [ordered]@{ state = 'unknown'; detail = '' }
    if (Test-Path -LiteralPath $resultPath) {
        $result = ConvertFrom-L2bJson ([System.IO.File]::ReadAllText($resultPath))
        $operation.state = [string]$result.state
        $operation.detail = [string]$result.detail
        Unregister-ScheduledTask -TaskName ('pulumi-l2bridge-' + $OperationId) -Confirm:$false -ErrorAction SilentlyContinue
    } elseif (Test-Path -LiteralPath (Join-Path $Directory ($OperationId + '.started'))) {
        $operation.state = 'running'
    }
    return $operation
}

function Invoke-L2bOperation_startNetworkCreate {
    # Starts the detached create of $Params (once per operation id; the task reads them from a
    # file of the checked operations directory), then waits up to
    # $Params.waitMilliseconds for its outcome, so that when the connection survives the create
    # one request does it all; the answer is the operation's state and the network view, as a poll.
    param($Params)
    $operationId = [string]$Params.operationId
    $directory = Get-L2bOperationsDirectory $operationId
    $startedPath = Join-Path $directory ($operationId + '.started')
    if (-not (Test-Path -LiteralPath $startedPath)) {
        $scriptPath = Join-Path $directory ($operationId + '.ps1')
        $paramsPath = Join-Path $directory ($operationId + '.json')
        $moduleHash = Write-L2bDetachedFiles $directory $scriptPath
        [System.IO.File]::WriteAllText($paramsPath, (ConvertTo-L2bJson $Params), [System.Text.UTF8Encoding]::new($false))
        $argument = '-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "' + $scriptPath + '" ' + $operationId + ' ' + $moduleHash
        $action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument $argument
        $principal = New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest
        $taskName = 'pulumi-l2bridge-' + $operationId
        Register-ScheduledTask -TaskName $taskName -Action $action -Principal $principal -Force | Out-Null
        Start-ScheduledTask -TaskName $taskName | Out-Null
        [System.IO.File]::WriteAllText($startedPath, $operationId)
    }
    Get-ChildItem -LiteralPath $directory -File -ErrorAction SilentlyContinue |
        Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-7) } |
        Remove-Item -Force -ErrorAction SilentlyContinue
    $deadline = [DateTime]::UtcNow.AddMilliseconds([int]$Params.waitMilliseconds)
    $operation = Get-L2bDetachedOperation $directory $operationId
    while ($operation.state -eq 'running' -and [DateTime]::UtcNow -lt $deadline) {
        Start-Sleep -Milliseconds 100
        $operation = Get-L2bDetachedOperation $directory $operationId
    }
    return [ordered]@{
        operation = $operation
        view = (Get-L2bNetworkView $Params)
    }
}

function Invoke-L2bOperation_pollNetworkCreate {
    param($Params)
    $operationId = [string]$Params.operationId
    $directory = Get-L2bOperationsDirectory $operationId
    return [ordered]@{
        operation = (Get-L2bDetachedOperation $directory $operationId)
        view = (Get-L2bNetworkView $Params)
    }
}

function Invoke-L2bOperation_deleteNetwork {
    param($Params)
    Invoke-L2bLocked {
        [PulumiL2Bridge.Hcn]::Delete('Network', [Guid]([string]$Params.id))
        Remove-L2bRecord 'l2BridgeNetwork' ([string]$Params.name)
    }
    return (Get-L2bNetworkView $Params)
}

function Invoke-L2bOperation_observeEndpoint {
    param($Params)
    return (Get-L2bEndpointView $Params)
}

function Invoke-L2bOperation_createGatewayEndpoint {
    param($Params)
    Invoke-L2bLocked {
        $id = New-L2bEndpointIfAbsent $Params 'gatewayEndpoint'
        Connect-L2bHostEndpoint $id
        Wait-L2bInterface ([string]$Params.hostInterface) 30
        $networkId = Get-L2bNetworkIdByName ([string]$Params.network) ([string]$Params.networkQuery)
        Set-L2bGatewayInterface $Params (Get-L2bManagementAlias $networkId.ToString())
    }
    return (Get-L2bEndpointView $Params)
}

function Invoke-L2bOperation_updateGatewayEndpoint {
    param($Params)
    Invoke-L2bLocked {
        Set-L2bRecord 'gatewayEndpoint' ([string]$Params.name) ([string]$Params.id) ([string]$Params.network) ([string]$Params.recordData)
        Connect-L2bHostEndpoint ([Guid]([string]$Params.id))
        Wait-L2bInterface ([string]$Params.hostInterface) 30
        $networkId = Get-L2bNetworkIdByName ([string]$Params.network) ([string]$Params.networkQuery)
        Set-L2bGatewayInterface $Params (Get-L2bManagementAlias $networkId.ToString())
    }
    return (Get-L2bEndpointView $Params)
}

function Invoke-L2bOperation_createContainerEndpoint {
    param($Params)
    Invoke-L2bLocked {
        $id = New-L2bEndpointIfAbsent $Params 'containerEndpoint'
        $namespaceId = Find-L2bNamespace ([string]$Params.container) ([string]$Params.detailedQuery)
        Add-L2bEndpointToNamespace $id $namespaceId ([string]$Params.plainQuery)
    }
    return (Get-L2bEndpointView $Params)
}

function Invoke-L2bOperation_observeHcn {
    param($Params)
    return (Get-L2bHcnView $Params)
}

function Invoke-L2bOperation_deleteEndpoint {
    param($Params)
    Invoke-L2bLocked { Remove-L2bEndpoint $Params }
    return (Get-L2bEndpointView $Params)
}

function Invoke-L2bOperation_observeLoadBalancer {
    param($Params)
    return (Get-L2bLoadBalancerView $Params)
}

function Invoke-L2bOperation_applyBatch {
    # Checks every one of $Params.preconditions, then runs $Params.steps in order, all under the
    # host lock; a failed precondition changes nothing. Returns the view $Params.view names.
    param($Params)
    Invoke-L2bLocked {
        foreach ($condition in @($Params.preconditions)) {
            if ($null -ne $condition) { Assert-L2bPrecondition $condition ([string]$Params.networkQuery) ([string]$Params.plainQuery) }
        }
        $made = @{}
        foreach ($step in @($Params.steps)) {
            if ($null -ne $step) { Invoke-L2bBatchStep $step $made ([string]$Params.plainQuery) }
        }
    }
    return (Get-L2bBatchView $Params)
}

function Invoke-L2bOperation_observeRoutes {
    param($Params)
    return (Get-L2bRouteView $Params)
}

function Invoke-L2bOperation_applyRoutes {
    param($Params)
    Invoke-L2bLocked { Set-L2bRoutes $Params }
    return (Get-L2bRouteView $Params)
}

function Get-L2bFileState {
    # 'absent', 'other' (a directory, a symbolic link or junction, a file over 1 MiB) or the
    # SHA-256 of the regular file's bytes in lower-case hex.
    param([string]$Path)
    if ([System.IO.Directory]::Exists($Path)) { return 'other' }
    if (-not [System.IO.File]::Exists($Path)) { return 'absent' }
    $info = [System.IO.FileInfo]::new($Path)
    if ((($info.Attributes -band [System.IO.FileAttributes]::ReparsePoint) -ne 0) -or ($info.Length -gt 1048576)) { return 'other' }
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try {
        $hash = $sha.ComputeHash([System.IO.File]::ReadAllBytes($Path))
    } finally {
        $sha.Dispose()
    }
    return ((@($hash) | ForEach-Object { $_.ToString('x2') }) -join '')
}

function Get-L2bFileView {
    param([string]$Path)
    $state = Get-L2bFileState $Path
    if ($state -eq 'absent') { return [ordered]@{ kind = 'absent' } }
    if ($state -eq 'other') { return [ordered]@{ kind = 'other'; what = 'not a regular file of at most 1 MiB' } }
    return [ordered]@{
        kind = 'file'
        content = [Convert]::ToBase64String([System.IO.File]::ReadAllBytes($Path))
    }
}

function Assert-L2bFileExpected {
    # Refuses a change when the file at $Path is not what the caller observed ($Expect: 'absent'
    # or the SHA-256 it read); a missing file never blocks a write.
    param([string]$Path, [string]$Expect, [string]$Left)
    $current = Get-L2bFileState $Path
    if ($current -eq 'other') {
        throw ('pulumi-l2bridge: ' + $Path + ' is not a regular file (a directory, a symbolic link or junction, or over 1 MiB): it was ' + $Left + '; remove it, or choose another priority or configDirectory')
    }
    if ($current -ne 'absent' -and $current -ne $Expect) {
        throw ('pulumi-l2bridge: ' + $Path + ' changed since it was read and may not be ours: it was ' + $Left + '; run the change again, or remove the file if this package should write it')
    }
    return $current
}

function Invoke-L2bOperation_observeFile {
    param($Params)
    return (Get-L2bFileView ([string]$Params.path))
}

function Invoke-L2bOperation_writeFile {
    # Writes base64 $Params.content to $Params.path through a temporary file renamed over it.
    param($Params)
    $path = [string]$Params.path
    Invoke-L2bLocked {
        [void](Assert-L2bFileExpected $path ([string]$Params.expect) 'left as it is')
        [void][System.IO.Directory]::CreateDirectory([string]$Params.directory)
        $temporary = $path + '.l2b-new'
        [System.IO.File]::WriteAllBytes($temporary, [Convert]::FromBase64String([string]$Params.content))
        if ([System.IO.File]::Exists($path)) {
            [System.IO.File]::Replace($temporary, $path, [NullString]::Value)
        } else {
            [System.IO.File]::Move($temporary, $path)
        }
    }
    return (Get-L2bFileView $path)
}

function Invoke-L2bOperation_removeFile {
    param($Params)
    $path = [string]$Params.path
    Invoke-L2bLocked {
        $current = Assert-L2bFileExpected $path ([string]$Params.expect) 'left in place'
        if ($current -ne 'absent') { [System.IO.File]::Delete($path) }
    }
    return [ordered]@{ kind = 'absent' }
}
