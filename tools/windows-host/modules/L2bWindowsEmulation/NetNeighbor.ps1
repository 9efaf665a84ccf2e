# NetNeighbor cmdlets over the kernel's neighbour table (`ip neigh`); static entries are
# `nud permanent`, which Windows shows as State 'Permanent'.

$script:NeighborStates = @{
    PERMANENT  = 'Permanent'; NOARP = 'Permanent'; REACHABLE = 'Reachable'; STALE = 'Stale'
    DELAY      = 'Delay'; PROBE = 'Probe'; INCOMPLETE = 'Incomplete'; FAILED = 'Unreachable'
}

function Get-L2bNeighbors {
    param([string[]]$InterfaceAlias, [uint32[]]$InterfaceIndex, [string[]]$IPAddress, [string]$AddressFamily)
    $links = @{}
    foreach ($link in (Select-L2bLinks -InterfaceAlias $InterfaceAlias -InterfaceIndex $InterfaceIndex)) {
        $links[$link.Device] = $link
    }
    foreach ($family in (Get-L2bFamilies $AddressFamily)) {
        foreach ($entry in (Invoke-L2bIp -Json -ArgumentList @((Get-L2bFamilyFlag $family), 'neigh', 'show'))) {
            $link = $links[[string]$entry.dev]
            if ($null -eq $link -or -not (Test-L2bPattern ([string]$entry.dst) $IPAddress)) { continue }
            $state = 'Unreachable'
            foreach ($flag in @($entry.state)) {
                if ($script:NeighborStates.ContainsKey([string]$flag)) { $state = $script:NeighborStates[[string]$flag] }
            }
            [pscustomobject]@{
                PSTypeName       = 'Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetNeighbor'
                IPAddress        = [string]$entry.dst
                InterfaceAlias   = $link.Alias
                InterfaceIndex   = $link.ifIndex
                ifIndex          = $link.ifIndex
                LinkLayerAddress = ConvertTo-L2bWindowsMac ([string]$entry.lladdr)
                State            = $state
                AddressFamily    = $family
                PolicyStore      = 'ActiveStore'
                LinuxDevice      = $link.Device
            }
        }
    }
}

function Get-NetNeighbor {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][string[]]$IPAddress,
        [Alias('ifAlias')][string[]]$InterfaceAlias,
        [Alias('ifIndex')][uint32[]]$InterfaceIndex,
        [ValidateSet('IPv4', 'IPv6')][string]$AddressFamily,
        [string[]]$State,
        [ValidateSet('ActiveStore', 'PersistentStore')][string]$PolicyStore
    )
    $found = @(Get-L2bNeighbors $InterfaceAlias $InterfaceIndex $IPAddress $AddressFamily | Where-Object { Test-L2bPattern $_.State $State })
    Write-L2bNotFound $PSCmdlet 'NetNeighbor' 'IPAddress' $IPAddress $found 'IPAddress'
    Write-L2bNotFound $PSCmdlet 'NetNeighbor' 'InterfaceAlias' $InterfaceAlias $found 'InterfaceAlias'
    $found
}

function New-NetNeighbor {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$IPAddress,
        [Alias('ifAlias')][string]$InterfaceAlias,
        [Alias('ifIndex')][uint32]$InterfaceIndex,
        [string]$LinkLayerAddress,
        [ValidateSet('ActiveStore')][string]$PolicyStore = 'ActiveStore',
        [ValidateSet('IPv4', 'IPv6')][string]$AddressFamily
    )
    $links = @(Select-L2bLinks -InterfaceAlias @($InterfaceAlias | Where-Object { $_ }) -InterfaceIndex @($InterfaceIndex | Where-Object { $_ }))
    if ($links.Count -ne 1 -or (-not $InterfaceAlias -and -not $InterfaceIndex)) {
        $PSCmdlet.ThrowTerminatingError((New-L2bNotFoundError 'NetIPInterface' 'InterfaceAlias' $InterfaceAlias))
    }
    $link = $links[0]
    $mac = ConvertTo-L2bLinuxMac $LinkLayerAddress
    if (-not $PSCmdlet.ShouldProcess($IPAddress, 'New static neighbor on ' + $link.Alias)) { return }
    try {
        Invoke-L2bIp -ArgumentList @('neigh', 'add', $IPAddress, 'lladdr', $mac, 'dev', $link.Device, 'nud', 'permanent')
    } catch {
        $message = 'Instance MSFT_NetNeighbor already exists'
        if ($_.Exception.Message -notmatch 'File exists') { $message = $_.Exception.Message }
        $PSCmdlet.ThrowTerminatingError((New-L2bCimError $message 'Windows System Error 5010' 'ResourceExists' $IPAddress))
    }
    Get-L2bNeighbors @() @($link.ifIndex) @($IPAddress) (Get-L2bAddressFamily $IPAddress)
}

function Remove-NetNeighbor {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Position = 0)][string[]]$IPAddress,
        [Alias('ifAlias')][string[]]$InterfaceAlias,
        [Alias('ifIndex')][uint32[]]$InterfaceIndex,
        [ValidateSet('IPv4', 'IPv6')][string]$AddressFamily,
        [Parameter(ValueFromPipeline = $true)][psobject[]]$InputObject,
        [ValidateSet('ActiveStore')][string]$PolicyStore,
        [switch]$PassThru
    )
    process {
        if ($InputObject) {
            $targets = @($InputObject)
        } else {
            $targets = @(Get-L2bNeighbors $InterfaceAlias $InterfaceIndex $IPAddress $AddressFamily)
            Write-L2bNotFound $PSCmdlet 'NetNeighbor' 'IPAddress' $IPAddress $targets 'IPAddress'
        }
        foreach ($target in $targets) {
            if (-not $PSCmdlet.ShouldProcess($target.IPAddress + ' on ' + $target.InterfaceAlias, 'Remove neighbor')) { continue }
            try {
                Invoke-L2bIp -ArgumentList @((Get-L2bFamilyFlag $target.AddressFamily), 'neigh', 'del', $target.IPAddress, 'dev', $target.LinuxDevice)
                if ($PassThru) { $target }
            } catch {
                $PSCmdlet.WriteError((New-L2bCimError $_.Exception.Message 'Windows System Error 1168' 'ObjectNotFound' $target))
            }
        }
    }
}
