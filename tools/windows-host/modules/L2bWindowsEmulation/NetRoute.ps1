# NetRoute cmdlets. ActiveStore is the kernel's main routing table of this network namespace;
# PersistentStore is a state file of the host, kept apart from the active table as Windows keeps it
# (on Windows it is applied at boot; here nothing replays it).

$script:PersistentRoutesFile = 'netroute-persistent.json'

function Get-L2bOnLinkHop {
    param([string]$AddressFamily)
    if ($AddressFamily -eq 'IPv6') { return '::' }
    return '0.0.0.0'
}

function ConvertTo-L2bPrefix {
    param([string]$Destination, [string]$AddressFamily)
    if ($Destination -eq 'default') {
        if ($AddressFamily -eq 'IPv6') { return '::/0' }
        return '0.0.0.0/0'
    }
    if ($Destination.Contains('/')) { return $Destination }
    if ($AddressFamily -eq 'IPv6') { return $Destination + '/128' }
    return $Destination + '/32'
}

function New-L2bRouteObject {
    param([string]$Prefix, [string]$NextHop, $Link, [string]$Alias, [uint32]$Metric, [string]$AddressFamily, [string]$Store)
    $index = [uint32]0
    $device = ''
    if ($null -ne $Link) { $index = $Link.ifIndex; $device = $Link.Device; $Alias = $Link.Alias }
    [pscustomobject]@{
        PSTypeName        = 'Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetRoute'
        DestinationPrefix = $Prefix
        NextHop           = $NextHop
        InterfaceAlias    = $Alias
        InterfaceIndex    = $index
        ifIndex           = $index
        RouteMetric       = $Metric
        AddressFamily     = $AddressFamily
        PolicyStore       = $Store
        LinuxDevice       = $device
    }
}

function Get-L2bActiveRoutes {
    param([string]$AddressFamily)
    $linksByDevice = @{}
    foreach ($link in (Get-L2bLinks)) { $linksByDevice[$link.Device] = $link }
    foreach ($family in (Get-L2bFamilies $AddressFamily)) {
        foreach ($route in (Invoke-L2bIp -Json -ArgumentList @((Get-L2bFamilyFlag $family), 'route', 'show', 'table', 'main'))) {
            $link = $linksByDevice[[string]$route.dev]
            if ($null -eq $link -or $route.type -and $route.type -ne 'unicast') { continue }
            $nextHop = Get-L2bOnLinkHop $family
            if ($route.gateway) { $nextHop = [string]$route.gateway }
            $metric = [uint32]0
            if ($null -ne $route.metric) { $metric = [uint32]$route.metric }
            New-L2bRouteObject (ConvertTo-L2bPrefix ([string]$route.dst) $family) $nextHop $link '' $metric $family 'ActiveStore'
        }
    }
}

function Get-L2bPersistentRoutes {
    param([string]$AddressFamily)
    $linksByAlias = @{}
    foreach ($link in (Get-L2bLinks)) { $linksByAlias[$link.Alias] = $link }
    foreach ($route in (Read-L2bState $script:PersistentRoutesFile)) {
        if ($AddressFamily -and $route.AddressFamily -ne $AddressFamily) { continue }
        New-L2bRouteObject $route.DestinationPrefix $route.NextHop $linksByAlias[[string]$route.InterfaceAlias] ([string]$route.InterfaceAlias) ([uint32]$route.RouteMetric) $route.AddressFamily 'PersistentStore'
    }
}

function Select-L2bRoutes {
    param([string[]]$DestinationPrefix, [string[]]$InterfaceAlias, [uint32[]]$InterfaceIndex,
        [string[]]$NextHop, [string]$AddressFamily, [string[]]$Stores)
    $routes = @()
    if ($Stores -contains 'ActiveStore') { $routes += @(Get-L2bActiveRoutes $AddressFamily) }
    if ($Stores -contains 'PersistentStore') { $routes += @(Get-L2bPersistentRoutes $AddressFamily) }
    $routes | Where-Object {
        (Test-L2bPattern $_.DestinationPrefix $DestinationPrefix) -and
        (Test-L2bPattern $_.InterfaceAlias $InterfaceAlias) -and
        (Test-L2bPattern $_.NextHop $NextHop) -and
        ($null -eq $InterfaceIndex -or $InterfaceIndex.Count -eq 0 -or $InterfaceIndex -contains $_.ifIndex)
    }
}

function Write-L2bRouteNotFound {
    param($Cmdlet, [object[]]$Found, [string[]]$DestinationPrefix, [string[]]$InterfaceAlias, [string[]]$NextHop)
    Write-L2bNotFound $Cmdlet 'NetRoute' 'DestinationPrefix' $DestinationPrefix $Found 'DestinationPrefix'
    Write-L2bNotFound $Cmdlet 'NetRoute' 'InterfaceAlias' $InterfaceAlias $Found 'InterfaceAlias'
    Write-L2bNotFound $Cmdlet 'NetRoute' 'NextHop' $NextHop $Found 'NextHop'
}

function Get-NetRoute {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][string[]]$DestinationPrefix,
        [Alias('ifAlias')][string[]]$InterfaceAlias,
        [Alias('ifIndex')][uint32[]]$InterfaceIndex,
        [string[]]$NextHop,
        [ValidateSet('IPv4', 'IPv6')][string]$AddressFamily,
        [ValidateSet('ActiveStore', 'PersistentStore')][string]$PolicyStore = 'ActiveStore'
    )
    $found = @(Select-L2bRoutes $DestinationPrefix $InterfaceAlias $InterfaceIndex $NextHop $AddressFamily @($PolicyStore))
    Write-L2bRouteNotFound $PSCmdlet $found $DestinationPrefix $InterfaceAlias $NextHop
    $found
}

function Get-L2bKernelRouteArguments {
    param([string]$Verb, $Route)
    $arguments = @((Get-L2bFamilyFlag $Route.AddressFamily), 'route', $Verb, $Route.DestinationPrefix)
    if ($Route.NextHop -ne (Get-L2bOnLinkHop $Route.AddressFamily)) { $arguments += @('via', $Route.NextHop) }
    $arguments += @('dev', $Route.LinuxDevice, 'metric', [string]$Route.RouteMetric)
    return $arguments
}

function Test-L2bSameRoute {
    param($Left, $Right)
    return ($Left.DestinationPrefix -eq $Right.DestinationPrefix -and $Left.NextHop -eq $Right.NextHop -and
        $Left.InterfaceAlias -eq $Right.InterfaceAlias)
}

function New-NetRoute {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$DestinationPrefix,
        [Alias('ifAlias')][string]$InterfaceAlias,
        [Alias('ifIndex')][uint32]$InterfaceIndex,
        [string]$NextHop,
        [uint16]$RouteMetric = 256,
        [ValidateSet('IPv4', 'IPv6')][string]$AddressFamily,
        [ValidateSet('ActiveStore', 'PersistentStore')][string]$PolicyStore
    )
    $family = Get-L2bAddressFamily $DestinationPrefix
    if (-not $NextHop) { $NextHop = Get-L2bOnLinkHop $family }
    $links = @()
    if ($InterfaceAlias -or $InterfaceIndex) {
        $links = @(Select-L2bLinks -InterfaceAlias @($InterfaceAlias | Where-Object { $_ }) -InterfaceIndex @($InterfaceIndex | Where-Object { $_ }))
    }
    if ($links.Count -ne 1) {
        $PSCmdlet.ThrowTerminatingError((New-L2bNotFoundError 'NetIPInterface' 'InterfaceAlias' $InterfaceAlias))
    }
    $stores = @('ActiveStore', 'PersistentStore')
    if ($PolicyStore) { $stores = @($PolicyStore) }
    foreach ($store in $stores) {
        $route = New-L2bRouteObject $DestinationPrefix $NextHop $links[0] '' ([uint32]$RouteMetric) $family $store
        $existing = @(Select-L2bRoutes @() @() @() @() $family @($store) | Where-Object { Test-L2bSameRoute $_ $route })
        if ($existing.Count -gt 0) {
            $PSCmdlet.WriteError((New-L2bCimError 'Instance MSFT_NetRoute already exists' 'Windows System Error 5010' 'ResourceExists' $DestinationPrefix))
            continue
        }
        if (-not $PSCmdlet.ShouldProcess($DestinationPrefix + ' via ' + $NextHop + ' (' + $store + ')', 'New route')) { continue }
        if ($store -eq 'ActiveStore') {
            try {
                Invoke-L2bIp -ArgumentList ((Get-L2bKernelRouteArguments 'append' $route) + @('proto', 'static'))
            } catch {
                $PSCmdlet.WriteError((New-L2bCimError $_.Exception.Message 'Windows System Error 87' 'InvalidArgument' $DestinationPrefix))
                continue
            }
        } else {
            $saved = @(Read-L2bState $script:PersistentRoutesFile)
            $saved += [pscustomobject]@{
                DestinationPrefix = $route.DestinationPrefix; NextHop = $route.NextHop
                InterfaceAlias = $route.InterfaceAlias; RouteMetric = $route.RouteMetric; AddressFamily = $family
            }
            Write-L2bState $script:PersistentRoutesFile $saved
        }
        $route
    }
}

function Remove-NetRoute {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Position = 0)][string[]]$DestinationPrefix,
        [Alias('ifAlias')][string[]]$InterfaceAlias,
        [Alias('ifIndex')][uint32[]]$InterfaceIndex,
        [string[]]$NextHop,
        [ValidateSet('IPv4', 'IPv6')][string]$AddressFamily,
        [ValidateSet('ActiveStore', 'PersistentStore')][string]$PolicyStore,
        [Parameter(ValueFromPipeline = $true)][psobject[]]$InputObject,
        [switch]$PassThru
    )
    process {
        if ($InputObject) {
            $targets = @($InputObject)
        } else {
            $stores = @('ActiveStore', 'PersistentStore')
            if ($PolicyStore) { $stores = @($PolicyStore) }
            $targets = @(Select-L2bRoutes $DestinationPrefix $InterfaceAlias $InterfaceIndex $NextHop $AddressFamily $stores)
            Write-L2bRouteNotFound $PSCmdlet $targets $DestinationPrefix $InterfaceAlias $NextHop
        }
        foreach ($target in $targets) {
            $description = $target.DestinationPrefix + ' via ' + $target.NextHop + ' on ' + $target.InterfaceAlias + ' (' + $target.PolicyStore + ')'
            if (-not $PSCmdlet.ShouldProcess($description, 'Remove route')) { continue }
            if ($target.PolicyStore -eq 'PersistentStore') {
                $saved = @(Read-L2bState $script:PersistentRoutesFile)
                $kept = @($saved | Where-Object { -not (Test-L2bSameRoute $_ $target) })
                if ($kept.Count -eq $saved.Count) {
                    $PSCmdlet.WriteError((New-L2bNotFoundError 'NetRoute' 'DestinationPrefix' $target.DestinationPrefix))
                    continue
                }
                Write-L2bState $script:PersistentRoutesFile $kept
            } else {
                try {
                    Invoke-L2bIp -ArgumentList (Get-L2bKernelRouteArguments 'del' $target)
                } catch {
                    $PSCmdlet.WriteError((New-L2bCimError $_.Exception.Message 'Windows System Error 1168' 'ObjectNotFound' $target.DestinationPrefix))
                    continue
                }
            }
            if ($PassThru) { $target }
        }
    }
}

function Find-NetRoute {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$RemoteIPAddress)
    $family = Get-L2bAddressFamily $RemoteIPAddress
    try {
        $resolved = @(Invoke-L2bIp -Json -ArgumentList @((Get-L2bFamilyFlag $family), 'route', 'get', $RemoteIPAddress))[0]
    } catch {
        $PSCmdlet.WriteError((New-L2bCimError $_.Exception.Message 'Windows System Error 1231' 'ConnectionError' $RemoteIPAddress))
        return
    }
    $remote = [System.Net.IPAddress]::Parse($RemoteIPAddress)
    $route = Get-L2bActiveRoutes $family | Where-Object {
        $_.LinuxDevice -eq [string]$resolved.dev -and [System.Net.IPNetwork]::Parse($_.DestinationPrefix).Contains($remote)
    } | Sort-Object -Property @{ Expression = { [int]($_.DestinationPrefix.Split('/')[1]) }; Descending = $true }, RouteMetric |
        Select-Object -First 1
    if ($resolved.prefsrc) {
        Get-NetIPAddress -IPAddress ([string]$resolved.prefsrc) -ErrorAction SilentlyContinue | Select-Object -First 1
    }
    $route
}
