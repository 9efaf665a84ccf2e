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
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try {
        $digest = $sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($full))
    } finally {
        $sha.Dispose()
    }
    $name = ([System.BitConverter]::ToString($digest) -replace '-', '').ToLowerInvariant()
    $directory = Get-L2bHostPath 'Acl'
    if (-not (Test-Path -LiteralPath $directory)) { New-Item -ItemType Directory -Path $directory -Force | Out-Null }
    return @{ full = $full; record = (Join-Path $directory ($name + '.json')) }
}

function Get-Acl {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$LiteralPath)
    if (-not (Test-Path -LiteralPath $LiteralPath)) {
        $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
            [System.Management.Automation.ItemNotFoundException]::new("Cannot find path '" + $LiteralPath + "' because it does not exist."),
            'GetAcl_PathNotFound_Exception', 'ObjectNotFound', $LiteralPath))
        return
    }
    $paths = Get-L2bAclRecordPath $LiteralPath
    $sddl = $script:L2bInheritedProgramDataSddl
    if (Test-Path -LiteralPath $paths.record) {
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
    if (-not (Test-Path -LiteralPath $LiteralPath)) {
        throw [System.Management.Automation.ItemNotFoundException]::new("Cannot find path '" + $LiteralPath + "' because it does not exist.")
    }
    $paths = Get-L2bAclRecordPath $LiteralPath
    $record = [ordered]@{ path = $paths.full; sddl = [string]$AclObject.Sddl }
    [System.IO.File]::WriteAllText($paths.record, (ConvertTo-Json -InputObject $record -Compress))
}
