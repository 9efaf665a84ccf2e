/**
 * PowerShell run on a new Windows container host. User values never become code: the public key
 * is a script parameter (Run Command passes it as data), and the readiness check takes no input.
 */

/** Name of the setup script's parameter that carries the OpenSSH public key. */
export const publicKeyParameter = "PublicKey";

/** Name of the setup script's parameter that asks for the Hyper-V role (`true`/`false`). */
export const hyperVParameter = "InstallHyperV";

/**
 * Setup script for Run Command: installs the Containers feature (and the Hyper-V role when asked)
 * and the OpenSSH server, writes the
 * administrators' authorized key with an ACL of Administrators and SYSTEM only, opens TCP 22 in the
 * Windows firewall and enables sshd. When a feature needs a reboot, sshd stays stopped
 * and a reboot is scheduled, so a client that can log in over SSH knows the reboot has happened.
 * Prints `reboot-scheduled` or `ready`.
 */
export const windowsHostSetupScript = `param(
    [Parameter(Mandatory = $true)][string]$${publicKeyParameter},
    [string]$${hyperVParameter} = 'false'
)
$ErrorActionPreference = 'Stop'
$rebootNeeded = $false
$features = @('Containers')
if ($${hyperVParameter} -eq 'true') { $features += 'Hyper-V' }
foreach ($feature in $features) {
    if ((Get-WindowsFeature -Name $feature).InstallState -ne 'Installed') {
        $install = Install-WindowsFeature -Name $feature -IncludeManagementTools
        $rebootNeeded = $rebootNeeded -or ($install.RestartNeeded -eq 'Yes') -or ((Get-WindowsFeature -Name $feature).InstallState -eq 'InstallPending')
    }
}
$capabilityName = 'OpenSSH.Server~~~~0.0.1.0'
if ((Get-WindowsCapability -Online -Name $capabilityName).State -ne 'Installed') {
    Add-WindowsCapability -Online -Name $capabilityName | Out-Null
}
$sshDirectory = Join-Path -Path $env:ProgramData -ChildPath 'ssh'
New-Item -ItemType Directory -Force -Path $sshDirectory | Out-Null
$keysFile = Join-Path -Path $sshDirectory -ChildPath 'administrators_authorized_keys'
Set-Content -Path $keysFile -Value $${publicKeyParameter}.Trim() -Encoding ascii
icacls.exe $keysFile /inheritance:r /grant '*S-1-5-32-544:F' /grant '*S-1-5-18:F' | Out-Null
if ($LASTEXITCODE -ne 0) {
    throw "icacls could not restrict $keysFile (exit code $LASTEXITCODE)"
}
if (-not (Get-NetFirewallRule -Name 'OpenSSH-Server-In-TCP' -ErrorAction SilentlyContinue)) {
    New-NetFirewallRule -Name 'OpenSSH-Server-In-TCP' -DisplayName 'OpenSSH Server (sshd)' -Enabled True -Direction Inbound -Protocol TCP -Action Allow -LocalPort 22 | Out-Null
}
Set-Service -Name sshd -StartupType Automatic
if ($rebootNeeded) {
    Stop-Service -Name sshd -ErrorAction SilentlyContinue
    shutdown.exe /r /t 30 /c 'Windows features installed: restarting'
    Write-Output 'reboot-scheduled'
} else {
    Start-Service -Name sshd
    Write-Output 'ready'
}
`;

/**
 * Readiness check run over SSH after setup: waits (at most 5 minutes, polling every 10 seconds)
 * until the Containers feature is installed and the compute and HNS services run. Prints the
 * states; exits 1 when the host is still not ready.
 */
export const windowsHostReadinessScript = `$ErrorActionPreference = 'Stop'
$deadline = (Get-Date).AddMinutes(5)
do {
    $feature = (Get-WindowsFeature -Name Containers).InstallState
    Start-Service -Name @('vmcompute', 'hns') -ErrorAction SilentlyContinue
    $compute = (Get-Service -Name vmcompute -ErrorAction SilentlyContinue).Status
    $hns = (Get-Service -Name hns -ErrorAction SilentlyContinue).Status
    $ready = ($feature -eq 'Installed') -and ($compute -eq 'Running') -and ($hns -eq 'Running')
    if (-not $ready) {
        Start-Sleep -Seconds 10
    }
} until ($ready -or ((Get-Date) -gt $deadline))
Write-Output "containers=$feature vmcompute=$compute hns=$hns"
if (-not $ready) {
    exit 1
}
`;

/**
 * A command line for OpenSSH's default shell (cmd.exe) that runs a PowerShell script without any
 * quoting: the script travels as UTF-16LE base64 in `-EncodedCommand`.
 */
export function encodedPowerShellCommand(script: string): string {
    const encoded = Buffer.from(script, "utf16le").toString("base64");
    return `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${encoded}`;
}
