# Get-Acl and Set-Acl for directories, as the product's state-directory check uses them: Get-Acl
# returns an object with the Windows security descriptor in SDDL form (`Sddl`) and the method
# `SetSecurityDescriptorSddlForm`; Set-Acl -AclObject stores it. Linux has no Windows ACLs, so the
# descriptor of each path is a record under the host's state directory
# (`windows-state/Acl/<SHA-256 of the full path>.json`: path and SDDL). A path without a record
# reads as a directory an administrator created under ProgramData with the inherited ACL (owner
# Administrators; SYSTEM and Administrators full control, Users read and create, all inherited,
# not protected), which the product must refuse. Tests pre-create a directory with a foreign owner
# or a wider ACL with Set-Acl (or by writing the record).

$script:L2bInheritedProgramDataSddl = 'O:BAG:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;0x1200a9;;;BU)(A;CIID;DCLCRPCR;;;BU)'

function Get-L2bAclRecordPath {
    param([string]$LiteralPath)
    $full = [System.IO.Path]::GetFullPath($LiteralPath).TrimEnd('/')
    $digest = [System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($full))
    $name = [System.Convert]::ToHexString($digest).ToLowerInvariant()
    $directory = Get-L2bHostPath 'Acl'
    [void][System.IO.Directory]::CreateDirectory($directory)
    return @{ full = $full; record = [System.IO.Path]::Combine($directory, $name + '.json') }
}

function Test-L2bPathExists {
    # Whether a file or directory is at $LiteralPath (.NET calls: Test-Path through the provider
    # would make the emulated cmdlets far slower than the native ones they stand for).
    param([string]$LiteralPath)
    return ([System.IO.Directory]::Exists($LiteralPath) -or [System.IO.File]::Exists($LiteralPath))
}

function Get-Acl {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$LiteralPath)
    if (-not (Test-L2bPathExists $LiteralPath)) {
        $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
            [System.Management.Automation.ItemNotFoundException]::new("Cannot find path '" + $LiteralPath + "' because it does not exist."),
            'GetAcl_PathNotFound_Exception', 'ObjectNotFound', $LiteralPath))
        return
    }
    $paths = Get-L2bAclRecordPath $LiteralPath
    $sddl = $script:L2bInheritedProgramDataSddl
    if ([System.IO.File]::Exists($paths.record)) {
        $sddl = [string](ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($paths.record))).sddl
    }
    $acl = [pscustomobject]@{ Path = $paths.full; Sddl = $sddl }
    $acl | Add-Member -MemberType ScriptMethod -Name SetSecurityDescriptorSddlForm -Value {
        param([string]$Sddl)
        $this.Sddl = $Sddl
    }
    return $acl
}

function Set-Acl {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$LiteralPath,
        [Parameter(Mandatory = $true)]$AclObject
    )
    if (-not (Test-L2bPathExists $LiteralPath)) {
        throw [System.Management.Automation.ItemNotFoundException]::new("Cannot find path '" + $LiteralPath + "' because it does not exist.")
    }
    $paths = Get-L2bAclRecordPath $LiteralPath
    $record = [ordered]@{ path = $paths.full; sddl = [string]$AclObject.Sddl }
    [System.IO.File]::WriteAllText($paths.record, (ConvertTo-Json -InputObject $record -Compress))
}
