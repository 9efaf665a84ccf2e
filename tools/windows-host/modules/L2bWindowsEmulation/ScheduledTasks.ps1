# ScheduledTasks cmdlets. A registered task is a JSON file under the host's state directory; starting
# it runs its actions detached (own session, output to a log file), as the Task Scheduler runs a task
# apart from the session that started it. There is no Windows PowerShell 5.1 here, so an action that
# executes powershell.exe runs with this host's pwsh.

$script:WindowsPowerShellNames = @('powershell', 'powershell.exe', 'pwsh', 'pwsh.exe')

function Get-L2bTaskDirectory {
    $directory = Get-L2bHostPath 'ScheduledTasks'
    if (-not (Test-Path -LiteralPath $directory)) { New-Item -ItemType Directory -Path $directory -Force | Out-Null }
    return $directory
}

function Get-L2bTaskFile {
    param([string]$TaskName)
    if ($TaskName -notmatch '^[A-Za-z0-9 ._()-]+$') {
        throw [System.ArgumentException]::new("The task name '" + $TaskName + "' holds characters the emulated Task Scheduler does not store.")
    }
    return (Join-Path (Get-L2bTaskDirectory) ($TaskName + '.json'))
}

function Split-L2bWindowsCommandLine {
    # The rules of CommandLineToArgvW: whitespace separates, double quotes group, 2n backslashes
    # before a quote give n backslashes and a quote toggle, 2n+1 give n backslashes and a literal quote.
    param([string]$CommandLine)
    $arguments = New-Object System.Collections.Generic.List[string]
    $current = New-Object System.Text.StringBuilder
    $inQuotes = $false
    $hasArgument = $false
    $index = 0
    while ($index -lt $CommandLine.Length) {
        $character = $CommandLine[$index]
        if ($character -eq '\') {
            $count = 0
            while ($index -lt $CommandLine.Length -and $CommandLine[$index] -eq '\') { $count++; $index++ }
            if ($index -lt $CommandLine.Length -and $CommandLine[$index] -eq '"') {
                [void]$current.Append('\', [int][math]::Floor($count / 2))
                if ($count % 2 -eq 1) { [void]$current.Append('"'); $index++ }
            } else {
                [void]$current.Append('\', $count)
            }
            $hasArgument = $true
            continue
        }
        if ($character -eq '"') {
            if ($inQuotes -and $index + 1 -lt $CommandLine.Length -and $CommandLine[$index + 1] -eq '"') {
                [void]$current.Append('"'); $index += 2; continue
            }
            $inQuotes = -not $inQuotes
            $hasArgument = $true
        } elseif (-not $inQuotes -and [char]::IsWhiteSpace($character)) {
            if ($hasArgument) { $arguments.Add($current.ToString()); [void]$current.Clear(); $hasArgument = $false }
        } else {
            [void]$current.Append($character)
            $hasArgument = $true
        }
        $index++
    }
    if ($hasArgument) { $arguments.Add($current.ToString()) }
    return ,$arguments.ToArray()
}

function Resolve-L2bTaskProgram {
    param([string]$Execute)
    if ($script:WindowsPowerShellNames -contains $Execute.ToLowerInvariant()) {
        return (Join-Path $PSHOME 'pwsh')
    }
    return $Execute
}

function ConvertTo-L2bTaskObject {
    param($Saved)
    $state = 'Ready'
    if ($Saved.LastProcessId -and (Test-L2bProcessRunning ([int]$Saved.LastProcessId))) { $state = 'Running' }
    [pscustomobject]@{
        PSTypeName = 'Microsoft.Management.Infrastructure.CimInstance#Root/Microsoft/Windows/TaskScheduler/MSFT_ScheduledTask'
        TaskName   = [string]$Saved.TaskName
        TaskPath   = [string]$Saved.TaskPath
        State      = $state
        Actions    = @($Saved.Actions)
        Principal  = $Saved.Principal
        Description = [string]$Saved.Description
    }
}

function Test-L2bProcessRunning {
    param([int]$ProcessId)
    $statPath = '/proc/' + $ProcessId + '/stat'
    if (-not (Test-Path -LiteralPath $statPath)) { return $false }
    $stat = [System.IO.File]::ReadAllText($statPath)
    $state = $stat.Substring($stat.LastIndexOf(')') + 2, 1)
    return ($state -ne 'Z' -and $state -ne 'X')
}

function New-ScheduledTaskAction {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Execute,
        [Parameter(Position = 1)][string]$Argument,
        [string]$WorkingDirectory,
        [string]$Id
    )
    [pscustomobject]@{
        PSTypeName       = 'Microsoft.Management.Infrastructure.CimInstance#Root/Microsoft/Windows/TaskScheduler/MSFT_TaskExecAction'
        Id               = $Id
        Execute          = $Execute
        Arguments        = $Argument
        WorkingDirectory = $WorkingDirectory
    }
}

function New-ScheduledTaskPrincipal {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$UserId,
        [ValidateSet('None', 'Password', 'S4U', 'Interactive', 'Group', 'ServiceAccount', 'InteractiveOrPassword')][string]$LogonType = 'None',
        [ValidateSet('Limited', 'Highest')][string]$RunLevel = 'Limited',
        [string]$Id = 'Author'
    )
    [pscustomobject]@{
        PSTypeName = 'Microsoft.Management.Infrastructure.CimInstance#Root/Microsoft/Windows/TaskScheduler/MSFT_TaskPrincipal2'
        Id         = $Id
        UserId     = $UserId
        LogonType  = $LogonType
        RunLevel   = $RunLevel
    }
}

function Register-ScheduledTask {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$TaskName,
        [string]$TaskPath = '\',
        [Parameter(Mandatory = $true)][psobject[]]$Action,
        [psobject]$Principal,
        [psobject[]]$Trigger,
        [psobject]$Settings,
        [string]$Description,
        [switch]$Force
    )
    $path = Get-L2bTaskFile $TaskName
    if ((Test-Path -LiteralPath $path) -and -not $Force) {
        $PSCmdlet.ThrowTerminatingError((New-L2bCimError 'Cannot create a file when that file already exists.' 'HRESULT 0x800700b7' 'ResourceExists' $TaskName))
    }
    if (-not $PSCmdlet.ShouldProcess($TaskName, 'Register scheduled task')) { return }
    $saved = [pscustomobject]@{
        TaskName      = $TaskName
        TaskPath      = $TaskPath
        Description   = $Description
        Actions       = @($Action | ForEach-Object {
            [pscustomobject]@{ Execute = [string]$_.Execute; Arguments = [string]$_.Arguments; WorkingDirectory = [string]$_.WorkingDirectory }
        })
        Principal     = $Principal
        LastProcessId = 0
    }
    [System.IO.File]::WriteAllText($path, (ConvertTo-Json -InputObject $saved -Depth 6), (New-Object System.Text.UTF8Encoding $false))
    ConvertTo-L2bTaskObject $saved
}

function Read-L2bTask {
    param($Cmdlet, [string]$TaskName)
    $path = Get-L2bTaskFile $TaskName
    if (-not (Test-Path -LiteralPath $path)) {
        $Cmdlet.WriteError((New-L2bNotFoundError 'ScheduledTask' 'TaskName' $TaskName))
        return $null
    }
    return (ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($path)))
}

function Get-ScheduledTask {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$TaskName, [string[]]$TaskPath)
    $found = @(Get-ChildItem -LiteralPath (Get-L2bTaskDirectory) -Filter '*.json' -File | ForEach-Object {
        ConvertTo-L2bTaskObject (ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($_.FullName)))
    } | Where-Object { (Test-L2bPattern $_.TaskName $TaskName) -and (Test-L2bPattern $_.TaskPath $TaskPath) })
    Write-L2bNotFound $PSCmdlet 'ScheduledTask' 'TaskName' $TaskName $found 'TaskName'
    $found
}

function Start-L2bDetachedProcess {
    param([string]$Program, [string[]]$ArgumentList, [string]$WorkingDirectory, [string]$LogPath)
    $startInfo = New-Object System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = '/bin/sh'
    # A fixed script; the log path, the program and its arguments are positional parameters.
    foreach ($argument in @('-c', 'log=$1; shift; exec setsid "$@" </dev/null >>"$log" 2>&1', 'scheduled-task', $LogPath, $Program) + $ArgumentList) {
        $startInfo.ArgumentList.Add($argument)
    }
    $startInfo.UseShellExecute = $false
    if ($WorkingDirectory) { $startInfo.WorkingDirectory = $WorkingDirectory }
    $process = [System.Diagnostics.Process]::Start($startInfo)
    $processId = $process.Id
    $process.Dispose()
    return $processId
}

function Start-ScheduledTask {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true, Position = 0)][string]$TaskName, [string]$TaskPath)
    $saved = Read-L2bTask $PSCmdlet $TaskName
    if ($null -eq $saved -or -not $PSCmdlet.ShouldProcess($TaskName, 'Start scheduled task')) { return }
    $logPath = Join-Path (Get-L2bTaskDirectory) ($TaskName + '.log')
    foreach ($action in @($saved.Actions)) {
        $program = Resolve-L2bTaskProgram ([string]$action.Execute)
        $arguments = Split-L2bWindowsCommandLine ([string]$action.Arguments)
        $saved.LastProcessId = Start-L2bDetachedProcess $program $arguments ([string]$action.WorkingDirectory) $logPath
    }
    $path = Get-L2bTaskFile $TaskName
    [System.IO.File]::WriteAllText($path, (ConvertTo-Json -InputObject $saved -Depth 6), (New-Object System.Text.UTF8Encoding $false))
}

function Unregister-ScheduledTask {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param([Parameter(Position = 0)][string[]]$TaskName, [string]$TaskPath, [Parameter(ValueFromPipeline = $true)][psobject[]]$InputObject)
    process {
        $names = @($TaskName)
        if ($InputObject) { $names = @($InputObject | ForEach-Object { [string]$_.TaskName }) }
        foreach ($name in $names) {
            if (-not $name) { continue }
            $path = Get-L2bTaskFile $name
            if (-not (Test-Path -LiteralPath $path)) {
                $PSCmdlet.WriteError((New-L2bNotFoundError 'ScheduledTask' 'TaskName' $name))
                continue
            }
            if ($PSCmdlet.ShouldProcess($name, 'Unregister scheduled task')) {
                Remove-Item -LiteralPath $path -Force
            }
        }
    }
}
