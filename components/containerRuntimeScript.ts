/**
 * The container runtime a `WindowsContainerHost` installs, as a constant PowerShell script run by
 * Azure Run Command after the host's setup (and its reboot). The runtime and its pinned versions are
 * script parameters (Run Command passes them as data); the script checks them again where they go
 * into download addresses, then waits until the runtime answers.
 */

/** Runtimes a host can get. `none` installs nothing. */
export const containerRuntimes = ["containerd", "docker", "none"] as const;

/** A container runtime choice. */
export type ContainerRuntime = (typeof containerRuntimes)[number];

/** Versions used when the arguments leave them unset. */
export const runtimeDefaults = {
    containerdVersion: "1.7.22",
    cniPluginsVersion: "0.3.1",
    dockerVersion: "27.3.1",
} as const;

/** Names of the runtime script's parameters. */
export const runtimeParameters = {
    runtime: "Runtime",
    version: "Version",
    cniPluginsVersion: "CniPluginsVersion",
} as const;

/**
 * Installs and starts the runtime, idempotently:
 * - containerd: the release archive into `%ProgramFiles%\containerd`, its default config, the
 *   Windows service, and Microsoft's Windows CNI plugins (l2bridge among them) into `cni\bin`;
 * - docker: the static release into `%ProgramFiles%\docker` and the `docker` service.
 * Then waits (at most 3 minutes) until `ctr version` / `docker version` answers. Prints
 * `runtime=<name> version=<version> ready`; exits 1 when the runtime does not answer.
 */
export const containerRuntimeScript = `param(
    [Parameter(Mandatory = $true)][string]$${runtimeParameters.runtime},
    [Parameter(Mandatory = $true)][string]$${runtimeParameters.version},
    [string]$${runtimeParameters.cniPluginsVersion} = ''
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
foreach ($pinned in @($${runtimeParameters.version}, $${runtimeParameters.cniPluginsVersion})) {
    if ($pinned -and $pinned -notmatch '^[0-9]+\\.[0-9]+\\.[0-9]+$') {
        throw "version '$pinned' is not MAJOR.MINOR.PATCH"
    }
}
[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
$downloads = Join-Path -Path $env:TEMP -ChildPath 'pulumi-l2bridge-runtime'
New-Item -ItemType Directory -Force -Path $downloads | Out-Null

function Save-Download {
    param([string]$Uri, [string]$Leaf)
    $file = Join-Path -Path $downloads -ChildPath $Leaf
    Invoke-WebRequest -UseBasicParsing -Uri $Uri -OutFile $file
    return $file
}

function Add-MachinePath {
    param([string]$Directory)
    $current = [Environment]::GetEnvironmentVariable('Path', 'Machine')
    if (($current -split ';') -notcontains $Directory) {
        [Environment]::SetEnvironmentVariable('Path', $current + ';' + $Directory, 'Machine')
    }
    $env:Path = $env:Path + ';' + $Directory
}

function Wait-Answer {
    param([string]$Executable, [string[]]$Arguments)
    $deadline = (Get-Date).AddMinutes(3)
    do {
        & $Executable @Arguments *> $null
        if ($LASTEXITCODE -eq 0) { return $true }
        Start-Sleep -Seconds 5
    } until ((Get-Date) -gt $deadline)
    return $false
}

$answered = $false
switch ($${runtimeParameters.runtime}) {
    'containerd' {
        $installDir = Join-Path -Path $env:ProgramFiles -ChildPath 'containerd'
        $binary = Join-Path -Path $installDir -ChildPath 'bin\\containerd.exe'
        if (-not (Test-Path -LiteralPath $binary)) {
            $archive = Save-Download ('https://github.com/containerd/containerd/releases/download/v' + $${runtimeParameters.version} + '/containerd-' + $${runtimeParameters.version} + '-windows-amd64.tar.gz') 'containerd.tar.gz'
            New-Item -ItemType Directory -Force -Path $installDir | Out-Null
            tar.exe -xzf $archive -C $installDir
            if ($LASTEXITCODE -ne 0) { throw "tar could not unpack $archive" }
        }
        Add-MachinePath (Join-Path -Path $installDir -ChildPath 'bin')
        $cniBin = Join-Path -Path $installDir -ChildPath 'cni\\bin'
        $cniConf = Join-Path -Path $installDir -ChildPath 'cni\\conf'
        New-Item -ItemType Directory -Force -Path $cniBin, $cniConf | Out-Null
        if ($${runtimeParameters.cniPluginsVersion} -and -not (Test-Path -LiteralPath (Join-Path -Path $cniBin -ChildPath 'l2bridge.exe'))) {
            $plugins = Save-Download ('https://github.com/microsoft/windows-container-networking/releases/download/v' + $${runtimeParameters.cniPluginsVersion} + '/windows-container-networking-cni-amd64-v' + $${runtimeParameters.cniPluginsVersion} + '.zip') 'cni.zip'
            Expand-Archive -LiteralPath $plugins -DestinationPath $cniBin -Force
        }
        $config = Join-Path -Path $installDir -ChildPath 'config.toml'
        if (-not (Test-Path -LiteralPath $config)) {
            $lines = & $binary config default
            [IO.File]::WriteAllLines($config, [string[]]$lines, (New-Object Text.UTF8Encoding $false))
        }
        if (-not (Get-Service -Name containerd -ErrorAction SilentlyContinue)) {
            & $binary --register-service
            if ($LASTEXITCODE -ne 0) { throw 'containerd could not register its service' }
        }
        Set-Service -Name containerd -StartupType Automatic
        Start-Service -Name containerd
        $answered = Wait-Answer (Join-Path -Path $installDir -ChildPath 'bin\\ctr.exe') @('version')
    }
    'docker' {
        $installDir = Join-Path -Path $env:ProgramFiles -ChildPath 'docker'
        $daemon = Join-Path -Path $installDir -ChildPath 'dockerd.exe'
        if (-not (Test-Path -LiteralPath $daemon)) {
            $archive = Save-Download ('https://download.docker.com/win/static/stable/x86_64/docker-' + $${runtimeParameters.version} + '.zip') 'docker.zip'
            Expand-Archive -LiteralPath $archive -DestinationPath $env:ProgramFiles -Force
        }
        Add-MachinePath $installDir
        if (-not (Get-Service -Name docker -ErrorAction SilentlyContinue)) {
            & $daemon --register-service
            if ($LASTEXITCODE -ne 0) { throw 'dockerd could not register its service' }
        }
        Set-Service -Name docker -StartupType Automatic
        Start-Service -Name docker
        $answered = Wait-Answer (Join-Path -Path $installDir -ChildPath 'docker.exe') @('version')
    }
    default {
        throw "runtime '$${runtimeParameters.runtime}' is not containerd or docker"
    }
}
if (-not $answered) {
    Write-Output "runtime=$${runtimeParameters.runtime} version=$${runtimeParameters.version} not-answering"
    exit 1
}
Write-Output "runtime=$${runtimeParameters.runtime} version=$${runtimeParameters.version} ready"
`;
