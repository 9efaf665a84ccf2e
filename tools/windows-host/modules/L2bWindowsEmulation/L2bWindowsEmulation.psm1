# The Windows networking, Task Scheduler and service cmdlets the product's host scripts call, acting
# on the Linux network namespace this PowerShell runs in (an emulated Windows lab host).
Set-StrictMode -Off

foreach ($part in @('LinuxHost', 'NetInterfaces', 'NetNeighbor', 'NetRoute', 'ScheduledTasks', 'Services', 'Acl')) {
    . (Join-Path $PSScriptRoot ($part + '.ps1'))
}

Export-ModuleMember -Function @(
    'Get-NetAdapter', 'Get-NetIPInterface', 'Set-NetIPInterface', 'Get-NetIPAddress',
    'Get-NetNeighbor', 'New-NetNeighbor', 'Remove-NetNeighbor',
    'Get-NetRoute', 'New-NetRoute', 'Remove-NetRoute', 'Find-NetRoute',
    'New-ScheduledTaskAction', 'New-ScheduledTaskPrincipal', 'Register-ScheduledTask',
    'Start-ScheduledTask', 'Unregister-ScheduledTask', 'Get-ScheduledTask',
    'Get-Service', 'Get-Acl', 'Set-Acl'
)
