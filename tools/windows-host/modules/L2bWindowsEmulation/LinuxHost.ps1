# Shared helpers: run Linux tools with argument arrays, map Linux links to Windows interface aliases,
# keep per-host state files, and raise errors worded like the Windows CIM cmdlets.

function Invoke-L2bNative {
    param([string]$FilePath, [string[]]$ArgumentList)
    $startInfo = New-Object System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = $FilePath
    foreach ($argument in $ArgumentList) { $startInfo.ArgumentList.Add($argument) }
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.RedirectStandardInput = $true
    $process = [System.Diagnostics.Process]::Start($startInfo)
    try {
        $process.StandardInput.Close()
        $errorText = $process.StandardError.ReadToEndAsync()
        $outputText = $process.StandardOutput.ReadToEnd()
        if (-not $process.WaitForExit(15000)) {
            $process.Kill()
            throw ($FilePath + ' did not finish within 15 seconds')
        }
        return [pscustomobject]@{
            ExitCode = $process.ExitCode
            Output   = $outputText
            Error    = $errorText.GetAwaiter().GetResult().Trim()
        }
    } finally {
        $process.Dispose()
    }
}

function Invoke-L2bIp {
    param([string[]]$ArgumentList, [switch]$Json)
    $all = @()
    if ($Json) { $all += '-j' }
    $all += $ArgumentList
    $result = Invoke-L2bNative 'ip' $all
    if ($result.ExitCode -ne 0) {
        throw [System.InvalidOperationException]::new($result.Error)
    }
    if (-not $Json) { return }
    if (-not $result.Output.Trim()) { return @() }
    return @(ConvertFrom-Json -InputObject $result.Output -NoEnumerate | ForEach-Object { $_ })
}

function ConvertTo-L2bWindowsMac {
    param([string]$Mac)
    if (-not $Mac) { return '' }
    return $Mac.Replace(':', '-').ToUpperInvariant()
}

function ConvertTo-L2bLinuxMac {
    param([string]$Mac)
    $digits = ($Mac -replace '[-:.]', '').ToLowerInvariant()
    if ($digits -notmatch '^[0-9a-f]{12}$') {
        throw [System.ArgumentException]::new("The link-layer address '" + $Mac + "' is not a valid MAC address.")
    }
    return (($digits -split '(..)' | Where-Object { $_ }) -join ':')
}

function Get-L2bLinks {
    foreach ($link in (Invoke-L2bIp -Json -ArgumentList @('-d', 'link', 'show'))) {
        $alias = [string]$link.ifname
        if ($link.ifalias) { $alias = [string]$link.ifalias }
        $kind = ''
        if ($link.linkinfo -and $link.linkinfo.info_kind) { $kind = [string]$link.linkinfo.info_kind }
        $flags = @($link.flags)
        [pscustomobject]@{
            ifIndex    = [uint32]$link.ifindex
            Device     = [string]$link.ifname
            Alias      = $alias
            MacAddress = ConvertTo-L2bWindowsMac ([string]$link.address)
            LinkType   = [string]$link.link_type
            Kind       = $kind
            AdminUp    = $flags -contains 'UP'
            OperState  = [string]$link.operstate
            Mtu        = [uint32]$link.mtu
        }
    }
}

function Test-L2bPattern {
    param([string]$Value, [string[]]$Patterns)
    if ($null -eq $Patterns -or $Patterns.Count -eq 0) { return $true }
    foreach ($pattern in $Patterns) {
        if ([System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($pattern)) {
            if ($Value -like $pattern) { return $true }
        } elseif ($Value -eq [System.Management.Automation.WildcardPattern]::Unescape($pattern)) {
            # A value without wildcards matches literally once its escapes are removed, as the
            # Windows CIM cmdlets match a [WildcardPattern]::Escape'd value.
            return $true
        }
    }
    return $false
}

function Select-L2bLinks {
    param([string[]]$InterfaceAlias, [uint32[]]$InterfaceIndex)
    Get-L2bLinks | Where-Object {
        (Test-L2bPattern $_.Alias $InterfaceAlias) -and
        ($null -eq $InterfaceIndex -or $InterfaceIndex.Count -eq 0 -or $InterfaceIndex -contains $_.ifIndex)
    }
}

function New-L2bNotFoundError {
    param([string]$ClassName, [string]$Property, [string]$Value)
    $message = "No MSFT_" + $ClassName + " objects found with property '" + $Property + "' equal to '" + $Value + "'.  Verify the value of the property and retry."
    return [System.Management.Automation.ErrorRecord]::new(
        [System.Management.Automation.ItemNotFoundException]::new($message),
        'CmdletizationQuery_NotFound_' + $Property,
        [System.Management.Automation.ErrorCategory]::ObjectNotFound,
        $Value)
}

function Write-L2bNotFound {
    # Windows reports every literal (non-wildcard) filter value that matched nothing.
    param($Cmdlet, [string]$ClassName, [string]$Property, [string[]]$Values, [object[]]$Found, [string]$FoundProperty)
    foreach ($value in @($Values)) {
        if (-not $value -or [System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($value)) { continue }
        $literal = [System.Management.Automation.WildcardPattern]::Unescape($value)
        $matched = @($Found | Where-Object { [string]$_.$FoundProperty -eq $literal })
        if ($matched.Count -eq 0) {
            $Cmdlet.WriteError((New-L2bNotFoundError $ClassName $Property $value))
        }
    }
}

function New-L2bCimError {
    param([string]$Message, [string]$ErrorId, [System.Management.Automation.ErrorCategory]$Category, $Target)
    return [System.Management.Automation.ErrorRecord]::new(
        [System.InvalidOperationException]::new($Message), $ErrorId, $Category, $Target)
}

function Get-L2bHostPath {
    param([string]$Name)
    $root = $env:L2B_WINDOWS_HOST_DIR
    if (-not $root) {
        throw [System.InvalidOperationException]::new('L2B_WINDOWS_HOST_DIR is not set: this PowerShell is not running on an emulated Windows host')
    }
    # .NET path calls, not Join-Path/Test-Path: every emulated cmdlet comes through here, and
    # the provider cmdlets would make them far slower than the native cmdlets they stand for.
    $directory = [System.IO.Path]::Combine($root, 'windows-state')
    [void][System.IO.Directory]::CreateDirectory($directory)
    return [System.IO.Path]::Combine($directory, $Name)
}

function Read-L2bState {
    param([string]$Name)
    $path = Get-L2bHostPath $Name
    if (-not (Test-Path -LiteralPath $path)) { return @() }
    $text = [System.IO.File]::ReadAllText($path)
    if (-not $text.Trim()) { return @() }
    return @(ConvertFrom-Json -InputObject $text -NoEnumerate | ForEach-Object { $_ })
}

function Write-L2bState {
    param([string]$Name, [object[]]$Items)
    $path = Get-L2bHostPath $Name
    $temporary = $path + '.tmp'
    $text = ConvertTo-Json -InputObject @($Items) -Depth 6
    [System.IO.File]::WriteAllText($temporary, $text, (New-Object System.Text.UTF8Encoding $false))
    [System.IO.File]::Move($temporary, $path, $true)
}

function Get-L2bAddressFamily {
    param([string]$Address)
    if ($Address.Contains(':')) { return 'IPv6' }
    return 'IPv4'
}

function Get-L2bFamilyFlag {
    param([string]$AddressFamily)
    if ($AddressFamily -eq 'IPv6') { return '-6' }
    return '-4'
}

function Get-L2bFamilies {
    param([string]$AddressFamily)
    if ($AddressFamily) { return @($AddressFamily) }
    return @('IPv4', 'IPv6')
}
