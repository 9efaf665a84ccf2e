/**
 * Host-side PowerShell functions that read views of HNS objects and perform the primitive changes.
 * They only move data: every decision (what to create, remove or keep) is made in TypeScript and
 * arrives in `$Params`; HCN documents arrive as finished JSON text.
 */

/** Functions that read state and return normalised JSON text. */
const viewFunctions = `
function Get-L2bNetworkView {
    param($P)
    $networks = Find-L2bObjects 'Network' ([string]$P.networkQuery)
    $managementIp = ''
    foreach ($text in $networks) {
        $network = ConvertFrom-Json -InputObject $text
        if ($network.Name -eq [string]$P.name) {
            $managementIp = Get-L2bManagementIp ([string]$network.ID)
        }
    }
    $defaultRoute = Get-NetRoute -DestinationPrefix '0.0.0.0/0' -PolicyStore ActiveStore -ErrorAction SilentlyContinue | Sort-Object -Property RouteMetric | Select-Object -First 1
    $defaultAlias = ''
    if ($null -ne $defaultRoute) { $defaultAlias = [string]$defaultRoute.InterfaceAlias }
    $adapters = @(Get-NetAdapter -Physical -ErrorAction SilentlyContinue | ForEach-Object {
        ConvertTo-L2bJsonText ([ordered]@{ name = [string]$_.Name; status = [string]$_.Status })
    })
    return (New-L2bJsonObject ([ordered]@{
        version = (Get-L2bHnsVersion)
        records = (Get-L2bRecordsJson)
        networks = (Join-L2bJsonArray $networks)
        managementIp = (ConvertTo-L2bJsonText $managementIp)
        defaultRouteAlias = (ConvertTo-L2bJsonText $defaultAlias)
        physicalAdapters = (Join-L2bJsonArray $adapters)
    }))
}

function Get-L2bManagementIp {
    param([string]$NetworkId)
    if (-not $NetworkId) { return '' }
    $v1Shape = [PulumiL2Bridge.Hcn]::TryQuery('Network', [Guid]$NetworkId, '{"SchemaVersion":{"Major":1,"Minor":0},"Flags":0}')
    if (-not $v1Shape) { return '' }
    $network = ConvertFrom-Json -InputObject $v1Shape
    if (-not $network.ManagementIP) { return '' }
    return [string]$network.ManagementIP
}

function Get-L2bManagementAlias {
    param([string]$NetworkId)
    $managementIp = Get-L2bManagementIp $NetworkId
    if (-not $managementIp) { return '' }
    $address = Get-NetIPAddress -IPAddress $managementIp -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $address) { return '' }
    return [string]$address.InterfaceAlias
}

function Get-L2bEndpointView {
    param($P)
    $endpoints = Find-L2bObjects 'Endpoint' ([string]$P.endpointQuery)
    $networkText = 'null'
    $networkId = ''
    if ($P.network) {
        foreach ($text in (Find-L2bObjects 'Network' ([string]$P.networkQuery))) {
            $network = ConvertFrom-Json -InputObject $text
            if ($network.Name -eq [string]$P.network) {
                $networkText = $text
                $networkId = ([Guid]$network.ID).ToString()
            }
        }
    }
    $namespaces = New-Object System.Collections.Generic.List[string]
    foreach ($text in $endpoints) {
        $endpoint = ConvertFrom-Json -InputObject $text
        if ($endpoint.HostComputeNamespace) {
            $namespace = [PulumiL2Bridge.Hcn]::TryQuery('Namespace', [Guid]$endpoint.HostComputeNamespace, [string]$P.detailedQuery)
            if ($namespace) { $namespaces.Add($namespace) }
        }
    }
    $interfaces = New-Object System.Collections.Generic.List[string]
    $managementAlias = ''
    if ($P.hostInterface) {
        $interfaces.Add((Get-L2bInterfaceJson ([string]$P.hostInterface)))
        $managementAlias = Get-L2bManagementAlias $networkId
        if ($managementAlias) { $interfaces.Add((Get-L2bInterfaceJson $managementAlias)) }
    }
    return (New-L2bJsonObject ([ordered]@{
        version = (Get-L2bHnsVersion)
        records = (Get-L2bRecordsJson)
        network = $networkText
        endpoints = (Join-L2bJsonArray $endpoints)
        namespaces = (Join-L2bJsonArray $namespaces.ToArray())
        interfaces = (Join-L2bJsonArray $interfaces.ToArray())
        managementAlias = (ConvertTo-L2bJsonText $managementAlias)
        managementIp = (ConvertTo-L2bJsonText (Get-L2bManagementIp $networkId))
    }))
}

function Get-L2bLoadBalancerView {
    param($P)
    $networkText = 'null'
    foreach ($text in (Find-L2bObjects 'Network' ([string]$P.networkQuery))) {
        if ((ConvertFrom-Json -InputObject $text).Name -eq [string]$P.network) { $networkText = $text }
    }
    return (New-L2bJsonObject ([ordered]@{
        version = (Get-L2bHnsVersion)
        records = (Get-L2bRecordsJson)
        network = $networkText
        loadBalancers = (Join-L2bJsonArray (Find-L2bObjects 'LoadBalancer' ([string]$P.plainQuery)))
        endpoints = (Join-L2bJsonArray (Find-L2bObjects 'Endpoint' ([string]$P.plainQuery)))
    }))
}

function Get-L2bRouteView {
    param($P)
    $prefixes = New-Object 'System.Collections.Generic.HashSet[string]'
    foreach ($prefix in @($P.prefixes)) { if ($prefix) { [void]$prefixes.Add([string]$prefix) } }
    foreach ($record in (Read-L2bRecords)) {
        if ($record.kind -eq 'routeSet' -and $record.name -eq [string]$P.name -and $record.data) {
            foreach ($route in @((ConvertFrom-Json -InputObject ([string]$record.data)).routes)) {
                if ($route) { [void]$prefixes.Add([string]$route.destinationPrefix) }
            }
        }
    }
    $routes = New-Object System.Collections.Generic.List[string]
    foreach ($store in @('ActiveStore', 'PersistentStore')) {
        foreach ($route in @(Get-NetRoute -AddressFamily IPv4 -PolicyStore $store -ErrorAction SilentlyContinue)) {
            if ($null -ne $route -and $prefixes.Contains([string]$route.DestinationPrefix)) {
                $routes.Add((ConvertTo-L2bJsonText ([ordered]@{
                    destinationPrefix = [string]$route.DestinationPrefix
                    nextHop = [string]$route.NextHop
                    interfaceAlias = [string]$route.InterfaceAlias
                    metric = [int]$route.RouteMetric
                    store = $store
                })))
            }
        }
    }
    $resolved = New-Object System.Collections.Generic.List[string]
    foreach ($nextHop in @($P.nextHops)) {
        if (-not $nextHop) { continue }
        $found = Find-NetRoute -RemoteIPAddress ([string]$nextHop) -ErrorAction SilentlyContinue | Where-Object { $_.InterfaceAlias } | Select-Object -First 1
        $alias = ''
        if ($null -ne $found) { $alias = [string]$found.InterfaceAlias }
        $resolved.Add((ConvertTo-L2bJsonText ([ordered]@{ nextHop = [string]$nextHop; interfaceAlias = $alias })))
    }
    return (New-L2bJsonObject ([ordered]@{
        records = (Get-L2bRecordsJson)
        routes = (Join-L2bJsonArray $routes.ToArray())
        nextHopInterfaces = (Join-L2bJsonArray $resolved.ToArray())
    }))
}
`;

/** Functions that change the host. Callers hold the host lock. */
const changeFunctions = `
function New-L2bNetworkIfAbsent {
    param($P)
    foreach ($text in (Find-L2bObjects 'Network' ([string]$P.networkQuery))) {
        $existing = ConvertFrom-Json -InputObject $text
        if ($existing.Name -eq [string]$P.name) {
            return ('exists:' + ([Guid]$existing.ID).ToString())
        }
    }
    $created = ConvertFrom-Json -InputObject ([PulumiL2Bridge.Hcn]::CreateNetwork([string]$P.document, [string]$P.networkQuery))
    $id = ([Guid]$created.ID).ToString()
    Set-L2bRecord 'network' ([string]$P.name) $id ([string]$P.name) ([string]$P.recordData)
    return ('created:' + $id)
}

function Find-L2bSingleEndpoint {
    param($P)
    $found = @((Find-L2bObjects 'Endpoint' ([string]$P.endpointQuery)) | ForEach-Object { ConvertFrom-Json -InputObject $_ } | Where-Object { $_.Name -eq [string]$P.name })
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
    $document = Add-L2bJsonField ([string]$P.document) 'HostComputeNetwork' (ConvertTo-L2bJsonText $networkId.ToString())
    $created = ConvertFrom-Json -InputObject ([PulumiL2Bridge.Hcn]::CreateEndpoint($networkId, $document, [string]$P.plainQuery))
    $id = [Guid]$created.ID
    Set-L2bRecord $Kind ([string]$P.name) $id.ToString() ([string]$P.network) ([string]$P.recordData)
    return $id
}

function Connect-L2bHostEndpoint {
    param([Guid]$EndpointId)
    $failure = ''
    try {
        $response = ConvertFrom-Json -InputObject ([PulumiL2Bridge.Hcn]::V1('POST', '/endpoints/' + $EndpointId.ToString() + '/attach', '{"SystemType":"Host","CompartmentId":1}'))
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
    Set-NetIPInterface -InterfaceAlias ([string]$P.hostInterface) -AddressFamily IPv4 -Forwarding $state
    if ($P.forwarding -and $ManagementAlias) {
        Set-NetIPInterface -InterfaceAlias $ManagementAlias -AddressFamily IPv4 -Forwarding Enabled
    }
    if ($P.neighborIp) {
        Remove-NetNeighbor -InterfaceAlias ([string]$P.hostInterface) -IPAddress ([string]$P.neighborIp) -Confirm:$false -ErrorAction SilentlyContinue
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
        $namespace = ConvertFrom-Json -InputObject $text
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

function Add-L2bEndpointToNamespace {
    param([Guid]$EndpointId, [Guid]$NamespaceId, [string]$Query)
    $endpoint = ConvertFrom-Json -InputObject ([PulumiL2Bridge.Hcn]::TryQuery('Endpoint', $EndpointId, $Query))
    if ($endpoint.HostComputeNamespace -and ([Guid]$endpoint.HostComputeNamespace) -eq $NamespaceId) { return }
    $request = '{"ResourceType":"Endpoint","RequestType":"Add","Settings":{"EndpointId":"' + $EndpointId.ToString() + '"}}'
    [PulumiL2Bridge.Hcn]::Modify('Namespace', $NamespaceId, $request)
}

function Remove-L2bEndpoint {
    param($P)
    $id = [Guid]([string]$P.id)
    $text = [PulumiL2Bridge.Hcn]::TryQuery('Endpoint', $id, [string]$P.plainQuery)
    if ($text) {
        $endpoint = ConvertFrom-Json -InputObject $text
        if ($endpoint.HostComputeNamespace) {
            $request = '{"ResourceType":"Endpoint","RequestType":"Remove","Settings":{"EndpointId":"' + $id.ToString() + '"}}'
            [PulumiL2Bridge.Hcn]::Modify('Namespace', [Guid]$endpoint.HostComputeNamespace, $request)
        }
        if ($P.hostAttached) {
            try { [void][PulumiL2Bridge.Hcn]::V1('POST', '/endpoints/' + $id.ToString() + '/detach', '{"SystemType":"Host"}') } catch { }
        }
        [PulumiL2Bridge.Hcn]::Delete('Endpoint', $id)
    }
    Remove-L2bRecord ([string]$P.kind) ([string]$P.name)
}

function Update-L2bEndpointPolicies {
    param([Guid]$EndpointId, $Match, [string]$AddJson, [string]$Query)
    $endpoint = ConvertFrom-Json -InputObject ([PulumiL2Bridge.Hcn]::TryQuery('Endpoint', $EndpointId, $Query))
    $remove = New-Object System.Collections.Generic.List[string]
    foreach ($policy in @($endpoint.Policies)) {
        if ($null -eq $policy -or [string]$policy.Type -ne [string]$Match.type) { continue }
        $same = $true
        if ($Match.settings) {
            foreach ($property in $Match.settings.PSObject.Properties) {
                if ([string]$policy.Settings.($property.Name) -ne [string]$property.Value) { $same = $false }
            }
        }
        if ($same) { $remove.Add((ConvertTo-Json -InputObject $policy -Compress -Depth 10)) }
    }
    if ($remove.Count -gt 0) {
        $request = '{"ResourceType":"Policy","RequestType":"Remove","Settings":{"Policies":' + (Join-L2bJsonArray $remove.ToArray()) + '}}'
        [PulumiL2Bridge.Hcn]::Modify('Endpoint', $EndpointId, $request)
    }
    if ($AddJson -and $AddJson.Trim() -ne '[]') {
        $request = '{"ResourceType":"Policy","RequestType":"Add","Settings":{"Policies":' + $AddJson + '}}'
        [PulumiL2Bridge.Hcn]::Modify('Endpoint', $EndpointId, $request)
    }
}

function Resolve-L2bBackends {
    param($P)
    $local = @{}
    $remote = @{}
    foreach ($text in (Find-L2bObjects 'Endpoint' ([string]$P.plainQuery))) {
        $endpoint = ConvertFrom-Json -InputObject $text
        $isRemote = ([int]$endpoint.Flags -band 1) -ne 0
        if ($isRemote) {
            $remote[[string]$endpoint.Name] = ([Guid]$endpoint.ID).ToString()
            continue
        }
        foreach ($configuration in @($endpoint.IpConfigurations)) {
            if ($configuration) { $local[[string]$configuration.IpAddress] = ([Guid]$endpoint.ID).ToString() }
        }
    }
    $ids = New-Object System.Collections.Generic.List[string]
    foreach ($backend in @($P.remoteBackends)) {
        if ($null -eq $backend) { continue }
        $address = [string]$backend.address
        if ($local.ContainsKey($address)) {
            $ids.Add((ConvertTo-L2bJsonText $local[$address]))
            continue
        }
        $name = [string]$backend.name
        if (-not $remote.ContainsKey($name)) {
            $networkId = Get-L2bNetworkIdByName ([string]$P.network) ([string]$P.networkQuery)
            $document = Add-L2bJsonField ([string]$backend.document) 'HostComputeNetwork' (ConvertTo-L2bJsonText $networkId.ToString())
            $created = ConvertFrom-Json -InputObject ([PulumiL2Bridge.Hcn]::CreateEndpoint($networkId, $document, [string]$P.plainQuery))
            $remote[$name] = ([Guid]$created.ID).ToString()
            Set-L2bRecord 'remoteEndpoint' $name $remote[$name] ([string]$P.network) ''
        }
        $ids.Add((ConvertTo-L2bJsonText $remote[$name]))
    }
    return (Join-L2bJsonArray $ids.ToArray())
}

function Remove-L2bUnusedRemoteEndpoints {
    param($P)
    $used = New-Object 'System.Collections.Generic.HashSet[string]'
    foreach ($text in (Find-L2bObjects 'LoadBalancer' ([string]$P.plainQuery))) {
        foreach ($id in @((ConvertFrom-Json -InputObject $text).HostComputeEndpoints)) {
            if ($id) { [void]$used.Add(([Guid]$id).ToString()) }
        }
    }
    foreach ($record in (Read-L2bRecords)) {
        if ($record.kind -ne 'remoteEndpoint' -or $used.Contains(([Guid]$record.id).ToString())) { continue }
        [PulumiL2Bridge.Hcn]::Delete('Endpoint', [Guid]$record.id)
        Remove-L2bRecord 'remoteEndpoint' ([string]$record.name)
    }
}

function Set-L2bRoutes {
    param($P)
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
        Remove-L2bRecord 'routeSet' ([string]$P.name)
    } else {
        Set-L2bRecord 'routeSet' ([string]$P.name) '' '' ([string]$P.recordData)
    }
}
`;

/** View and change functions appended to the host module. */
export const hostOperationsPowerShell = viewFunctions + changeFunctions;
