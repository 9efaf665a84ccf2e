# NetAdapter and NetTCPIP interface cmdlets: adapters, IP interfaces (forwarding is the kernel's
# per-device sysctl) and IP addresses, read from the network namespace this PowerShell runs in.

function Get-L2bSysctlPath {
    param([string]$AddressFamily, [string]$Device)
    $family = 'ipv4'
    if ($AddressFamily -eq 'IPv6') { $family = 'ipv6' }
    return ('/proc/sys/net/' + $family + '/conf/' + $Device + '/forwarding')
}

function Get-L2bAdapterStatus {
    param($Link)
    if (-not $Link.AdminUp) { return 'Disabled' }
    if ($Link.OperState -eq 'UP' -or $Link.OperState -eq 'UNKNOWN') { return 'Up' }
    return 'Disconnected'
}

function Test-L2bPhysicalLink {
    # A Linux namespace has no hardware: its ethernet links that are neither bridges nor tunnels
    # nor HNS vNICs ("vEthernet (…)") stand for the host's physical adapters.
    param($Link)
    return ($Link.LinkType -eq 'ether' -and @('', 'veth', 'macvlan', 'tun') -contains $Link.Kind -and
        -not $Link.Alias.StartsWith('vEthernet ('))
}

function Get-NetAdapter {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][Alias('ifAlias', 'InterfaceAlias')][string[]]$Name,
        [Alias('ifIndex')][uint32[]]$InterfaceIndex,
        [switch]$Physical,
        [switch]$IncludeHidden
    )
    $found = @(Select-L2bLinks -InterfaceAlias $Name -InterfaceIndex $InterfaceIndex | Where-Object {
        $_.LinkType -ne 'loopback' -and (-not $Physical -or (Test-L2bPhysicalLink $_))
    } | ForEach-Object {
        $status = Get-L2bAdapterStatus $_
        [pscustomobject]@{
            PSTypeName           = 'Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapter'
            Name                 = $_.Alias
            InterfaceAlias       = $_.Alias
            InterfaceDescription = 'Linux ' + $(if ($_.Kind) { $_.Kind } else { 'ethernet' }) + ' device ' + $_.Device
            ifIndex              = $_.ifIndex
            InterfaceIndex       = $_.ifIndex
            MacAddress           = $_.MacAddress
            Status               = $status
            MediaConnectionState = $(if ($status -eq 'Up') { 'Connected' } else { 'Disconnected' })
            MtuSize              = $_.Mtu
            HardwareInterface    = (Test-L2bPhysicalLink $_)
            Virtual              = -not (Test-L2bPhysicalLink $_)
            LinuxDevice          = $_.Device
        }
    })
    Write-L2bNotFound $PSCmdlet 'NetAdapter' 'Name' $Name $found 'Name'
    $found
}

function Get-L2bIPInterfaces {
    param([string[]]$InterfaceAlias, [uint32[]]$InterfaceIndex, [string]$AddressFamily)
    foreach ($link in (Select-L2bLinks -InterfaceAlias $InterfaceAlias -InterfaceIndex $InterfaceIndex)) {
        foreach ($family in (Get-L2bFamilies $AddressFamily)) {
            $path = Get-L2bSysctlPath $family $link.Device
            if (-not (Test-Path -LiteralPath $path)) { continue }
            $forwarding = 'Disabled'
            if ([System.IO.File]::ReadAllText($path).Trim() -eq '1') { $forwarding = 'Enabled' }
            [pscustomobject]@{
                PSTypeName      = 'Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetIPInterface'
                ifIndex         = $link.ifIndex
                InterfaceIndex  = $link.ifIndex
                InterfaceAlias  = $link.Alias
                AddressFamily   = $family
                Forwarding      = $forwarding
                ConnectionState = $(if ((Get-L2bAdapterStatus $link) -eq 'Up') { 'Connected' } else { 'Disconnected' })
                NlMtu           = $link.Mtu
                Dhcp            = 'Disabled'
                PolicyStore     = 'ActiveStore'
                LinuxDevice     = $link.Device
            }
        }
    }
}

function Get-NetIPInterface {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][Alias('ifAlias')][string[]]$InterfaceAlias,
        [Alias('ifIndex')][uint32[]]$InterfaceIndex,
        [ValidateSet('IPv4', 'IPv6')][string]$AddressFamily,
        [ValidateSet('ActiveStore', 'PersistentStore')][string]$PolicyStore
    )
    $found = @(Get-L2bIPInterfaces $InterfaceAlias $InterfaceIndex $AddressFamily)
    Write-L2bNotFound $PSCmdlet 'NetIPInterface' 'InterfaceAlias' $InterfaceAlias $found 'InterfaceAlias'
    $found
}

function Set-NetIPInterface {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Position = 0)][Alias('ifAlias')][string[]]$InterfaceAlias,
        [Alias('ifIndex')][uint32[]]$InterfaceIndex,
        [Parameter(ValueFromPipeline = $true)][psobject[]]$InputObject,
        [ValidateSet('IPv4', 'IPv6')][string]$AddressFamily,
        [ValidateSet('Enabled', 'Disabled')][string]$Forwarding,
        [ValidateSet('ActiveStore', 'PersistentStore')][string]$PolicyStore,
        [switch]$PassThru
    )
    process {
        if ($InputObject) {
            $targets = @($InputObject)
        } else {
            $targets = @(Get-L2bIPInterfaces $InterfaceAlias $InterfaceIndex $AddressFamily)
            Write-L2bNotFound $PSCmdlet 'NetIPInterface' 'InterfaceAlias' $InterfaceAlias $targets 'InterfaceAlias'
        }
        foreach ($target in $targets) {
            if ($Forwarding -and $PSCmdlet.ShouldProcess($target.InterfaceAlias, 'Set forwarding ' + $Forwarding)) {
                $value = '0'
                if ($Forwarding -eq 'Enabled') { $value = '1' }
                [System.IO.File]::WriteAllText((Get-L2bSysctlPath $target.AddressFamily $target.LinuxDevice), $value)
            }
            if ($PassThru) {
                Get-L2bIPInterfaces @() @($target.ifIndex) $target.AddressFamily
            }
        }
    }
}

function Get-NetIPAddress {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][string[]]$IPAddress,
        [Alias('ifAlias')][string[]]$InterfaceAlias,
        [Alias('ifIndex')][uint32[]]$InterfaceIndex,
        [ValidateSet('IPv4', 'IPv6')][string]$AddressFamily,
        [ValidateSet('ActiveStore', 'PersistentStore')][string]$PolicyStore
    )
    $links = @{}
    foreach ($link in (Select-L2bLinks -InterfaceAlias $InterfaceAlias -InterfaceIndex $InterfaceIndex)) {
        $links[[string]$link.ifIndex] = $link
    }
    $found = @(foreach ($entry in (Invoke-L2bIp -Json -ArgumentList @('address', 'show'))) {
        $link = $links[[string]$entry.ifindex]
        if ($null -eq $link) { continue }
        foreach ($address in @($entry.addr_info)) {
            $family = 'IPv4'
            if ($address.family -eq 'inet6') { $family = 'IPv6' }
            if ($AddressFamily -and $family -ne $AddressFamily) { continue }
            if (-not (Test-L2bPattern ([string]$address.local) $IPAddress)) { continue }
            [pscustomobject]@{
                PSTypeName     = 'Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetIPAddress'
                IPAddress      = [string]$address.local
                InterfaceAlias = $link.Alias
                InterfaceIndex = $link.ifIndex
                ifIndex        = $link.ifIndex
                AddressFamily  = $family
                PrefixLength   = [byte]$address.prefixlen
                PrefixOrigin   = 'Manual'
                SuffixOrigin   = 'Manual'
                Type           = 'Unicast'
                AddressState   = 'Preferred'
                PolicyStore    = 'ActiveStore'
            }
        }
    })
    Write-L2bNotFound $PSCmdlet 'NetIPAddress' 'IPAddress' $IPAddress $found 'IPAddress'
    Write-L2bNotFound $PSCmdlet 'NetIPAddress' 'InterfaceAlias' $InterfaceAlias $found 'InterfaceAlias'
    $found
}
