# Get-Service for the Windows services the product looks at. The Host Network Service of an emulated
# host is the HCN emulator, which the lab starts before the host's sshd, so it reports Running.

$script:EmulatedServices = @(
    [pscustomobject]@{ Name = 'hns'; DisplayName = 'Host Network Service' }
    [pscustomobject]@{ Name = 'vmcompute'; DisplayName = 'Hyper-V Host Compute Service' }
    [pscustomobject]@{ Name = 'sshd'; DisplayName = 'OpenSSH SSH Server' }
)

function Get-Service {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName')][string[]]$Name)
    process {
        $found = @($script:EmulatedServices | Where-Object { Test-L2bPattern $_.Name $Name } | ForEach-Object {
            [pscustomobject]@{
                Name        = $_.Name
                ServiceName = $_.Name
                DisplayName = $_.DisplayName
                Status      = 'Running'
                StartType   = 'Automatic'
            }
        })
        foreach ($value in @($Name)) {
            if (-not $value -or [System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($value)) { continue }
            if (-not ($found | Where-Object { $_.Name -eq $value })) {
                $PSCmdlet.WriteError((New-L2bCimError ("Cannot find any service with service name '" + $value + "'.") 'NoServiceFoundForGivenName' 'ObjectNotFound' $value))
            }
        }
        $found
    }
}
