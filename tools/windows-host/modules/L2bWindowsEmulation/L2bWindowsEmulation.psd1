@{
    RootModule        = 'L2bWindowsEmulation.psm1'
    ModuleVersion     = '0.1.0'
    GUID              = '5b0f7a52-93c1-4d1e-9b8e-2f4c6a0d7e31'
    Author            = 'pulumi-l2bridge'
    Description       = 'Windows NetTCPIP, NetAdapter, ScheduledTasks and service cmdlets acting on the Linux network namespace of an emulated Windows lab host.'
    PowerShellVersion = '7.4'
    FunctionsToExport = @(
        'Get-NetAdapter', 'Get-NetIPInterface', 'Set-NetIPInterface', 'Get-NetIPAddress',
        'Get-NetNeighbor', 'New-NetNeighbor', 'Remove-NetNeighbor',
        'Get-NetRoute', 'New-NetRoute', 'Remove-NetRoute', 'Find-NetRoute',
        'New-ScheduledTaskAction', 'New-ScheduledTaskPrincipal', 'Register-ScheduledTask',
        'Start-ScheduledTask', 'Unregister-ScheduledTask', 'Get-ScheduledTask',
        'Get-Service', 'Get-Acl', 'Set-Acl'
    )
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
