/**
 * Every PowerShell script the Windows driver sends. Each is the constant host module followed by a
 * constant body; nothing from a spec is ever written into the text. User values reach the host only
 * as `$Params` (decoded from base64 JSON by the session), so a script's text never depends on them.
 * Every script returns one JSON text (see `parseScriptResult`).
 */
import { hostModulePowerShell } from "./hostModulePowerShell";
import { hostOperationsPowerShell } from "./hostOperationsPowerShell";

const operationIdCheck = `$operationId = [string]$Params.operationId
if ($operationId -notmatch '^[0-9a-f]{32}$') {
    throw 'pulumi-l2bridge: operationId must be 32 lower-case hex digits'
}
$directory = Get-L2bStatePath 'operations'
if (-not (Test-Path -LiteralPath $directory)) {
    New-Item -ItemType Directory -Path $directory -Force | Out-Null
}
$startedPath = Join-Path $directory ($operationId + '.started')
$resultPath = Join-Path $directory ($operationId + '.result.json')
$taskName = 'pulumi-l2bridge-' + $operationId
`;

/** Script bodies by name. */
const bodies = {
    observeVersion: `return (New-L2bJsonObject ([ordered]@{ version = (Get-L2bHnsVersion) }))
`,

    observeNetwork: `return (Get-L2bNetworkView $Params)
`,

    createNetwork: `$outcome = Invoke-L2bLocked { New-L2bNetworkIfAbsent $Params }
return (New-L2bJsonObject ([ordered]@{
    outcome = (ConvertTo-L2bJsonText ([string]$outcome))
    view = (Get-L2bNetworkView $Params)
}))
`,

    startNetworkCreate: `${operationIdCheck}$state = 'already-started'
if (-not (Test-Path -LiteralPath $startedPath)) {
    $scriptPath = Join-Path $directory ($operationId + '.ps1')
    $paramsPath = Join-Path $directory ($operationId + '.json')
    [System.IO.File]::WriteAllText($scriptPath, [string]$Params.taskScript, (New-Object System.Text.UTF8Encoding $true))
    [System.IO.File]::WriteAllText($paramsPath, [string]$Params.taskParams, (New-Object System.Text.UTF8Encoding $false))
    $argument = '-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "' + $scriptPath + '" ' + $operationId
    $action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument $argument
    $principal = New-ScheduledTaskPrincipal -UserId 'SYSTEM' -LogonType ServiceAccount -RunLevel Highest
    Register-ScheduledTask -TaskName $taskName -Action $action -Principal $principal -Force | Out-Null
    Start-ScheduledTask -TaskName $taskName | Out-Null
    [System.IO.File]::WriteAllText($startedPath, $operationId)
    $state = 'started'
}
Get-ChildItem -LiteralPath $directory -File -ErrorAction SilentlyContinue |
    Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-7) } |
    Remove-Item -Force -ErrorAction SilentlyContinue
return (New-L2bJsonObject ([ordered]@{ operation = (ConvertTo-L2bJsonText $state) }))
`,

    pollNetworkCreate: `${operationIdCheck}$operation = [ordered]@{ state = 'unknown'; detail = '' }
if (Test-Path -LiteralPath $resultPath) {
    $result = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($resultPath))
    $operation.state = [string]$result.state
    $operation.detail = [string]$result.detail
    Unregister-ScheduledTask -TaskName $taskName -Confirm:$false -ErrorAction SilentlyContinue
} elseif (Test-Path -LiteralPath $startedPath) {
    $operation.state = 'running'
}
return (New-L2bJsonObject ([ordered]@{
    operation = (ConvertTo-L2bJsonText $operation)
    view = (Get-L2bNetworkView $Params)
}))
`,

    updateNetwork: `Invoke-L2bLocked {
    $id = [Guid]([string]$Params.id)
    if ($Params.dnsRequest) {
        [PulumiL2Bridge.Hcn]::Modify('Network', $id, [string]$Params.dnsRequest)
    }
    Set-L2bRecord 'network' ([string]$Params.name) $id.ToString() ([string]$Params.name) ([string]$Params.recordData)
    foreach ($record in (Read-L2bRecords)) {
        if ($record.kind -ne 'containerEndpoint' -or $record.network -ne [string]$Params.name -or -not $record.data) { continue }
        $data = ConvertFrom-Json -InputObject ([string]$record.data)
        if (-not $data.inheritsNat) { continue }
        if (-not [PulumiL2Bridge.Hcn]::TryQuery('Endpoint', [Guid]$record.id, [string]$Params.plainQuery)) { continue }
        Update-L2bEndpointPolicies ([Guid]$record.id) $Params.natMatch ([string]$Params.natPolicies) ([string]$Params.plainQuery)
    }
}
return (Get-L2bNetworkView $Params)
`,

    deleteNetwork: `Invoke-L2bLocked {
    [PulumiL2Bridge.Hcn]::Delete('Network', [Guid]([string]$Params.id))
    Remove-L2bRecord 'network' ([string]$Params.name)
}
return (Get-L2bNetworkView $Params)
`,

    observeEndpoint: `return (Get-L2bEndpointView $Params)
`,

    createGatewayEndpoint: `Invoke-L2bLocked {
    $id = New-L2bEndpointIfAbsent $Params 'gatewayEndpoint'
    Connect-L2bHostEndpoint $id
    Wait-L2bInterface ([string]$Params.hostInterface) 30
    $networkId = Get-L2bNetworkIdByName ([string]$Params.network) ([string]$Params.networkQuery)
    Set-L2bGatewayInterface $Params (Get-L2bManagementAlias $networkId.ToString())
}
return (Get-L2bEndpointView $Params)
`,

    updateGatewayEndpoint: `Invoke-L2bLocked {
    Set-L2bRecord 'gatewayEndpoint' ([string]$Params.name) ([string]$Params.id) ([string]$Params.network) ([string]$Params.recordData)
    Connect-L2bHostEndpoint ([Guid]([string]$Params.id))
    Wait-L2bInterface ([string]$Params.hostInterface) 30
    $networkId = Get-L2bNetworkIdByName ([string]$Params.network) ([string]$Params.networkQuery)
    Set-L2bGatewayInterface $Params (Get-L2bManagementAlias $networkId.ToString())
}
return (Get-L2bEndpointView $Params)
`,

    createContainerEndpoint: `Invoke-L2bLocked {
    $id = New-L2bEndpointIfAbsent $Params 'containerEndpoint'
    $namespaceId = Find-L2bNamespace ([string]$Params.container) ([string]$Params.detailedQuery)
    Add-L2bEndpointToNamespace $id $namespaceId ([string]$Params.plainQuery)
}
return (Get-L2bEndpointView $Params)
`,

    updateEndpointPolicies: `Invoke-L2bLocked {
    $endpoint = Find-L2bSingleEndpoint $Params
    if ($null -eq $endpoint) {
        throw ('pulumi-l2bridge: HNS endpoint "' + $Params.name + '" not found; create the ContainerEndpoint first')
    }
    if ($Params.recordKind) {
        Set-L2bRecord ([string]$Params.recordKind) ([string]$Params.recordName) ([string]$endpoint.ID) ([string]$Params.recordNetwork) ([string]$Params.recordData)
    }
    Update-L2bEndpointPolicies ([Guid]$endpoint.ID) $Params.match ([string]$Params.policies) ([string]$Params.plainQuery)
    if ($Params.dropRecord) {
        Remove-L2bRecord ([string]$Params.recordKind) ([string]$Params.recordName)
    }
}
return (Get-L2bEndpointView $Params)
`,

    deleteEndpoint: `Invoke-L2bLocked { Remove-L2bEndpoint $Params }
return (Get-L2bEndpointView $Params)
`,

    observeLoadBalancer: `return (Get-L2bLoadBalancerView $Params)
`,

    createLoadBalancer: `Invoke-L2bLocked {
    $backendIds = Resolve-L2bBackends $Params
    $document = Add-L2bJsonField ([string]$Params.document) 'HostComputeEndpoints' $backendIds
    if ($Params.replaceId) {
        [PulumiL2Bridge.Hcn]::Delete('LoadBalancer', [Guid]([string]$Params.replaceId))
    }
    $created = ConvertFrom-Json -InputObject ([PulumiL2Bridge.Hcn]::CreateLoadBalancer($document, [string]$Params.plainQuery))
    Set-L2bRecord 'loadBalancer' ([string]$Params.name) ([Guid]$created.ID).ToString() ([string]$Params.network) ([string]$Params.recordData)
    Remove-L2bUnusedRemoteEndpoints $Params
}
return (Get-L2bLoadBalancerView $Params)
`,

    deleteLoadBalancer: `Invoke-L2bLocked {
    [PulumiL2Bridge.Hcn]::Delete('LoadBalancer', [Guid]([string]$Params.id))
    Remove-L2bRecord 'loadBalancer' ([string]$Params.name)
    Remove-L2bUnusedRemoteEndpoints $Params
}
return (Get-L2bLoadBalancerView $Params)
`,

    observeRoutes: `return (Get-L2bRouteView $Params)
`,

    applyRoutes: `Invoke-L2bLocked { Set-L2bRoutes $Params }
return (Get-L2bRouteView $Params)
`,
} as const;

/** Names of the scripts the driver sends. */
export type ScriptName = keyof typeof bodies;

/** The names of every script, for tests. */
export const scriptNames = Object.keys(bodies) as ScriptName[];

const prelude = hostModulePowerShell + hostOperationsPowerShell;

/** The body of script `name` (the part after the shared module). */
export function scriptBody(name: ScriptName): string {
    return bodies[name];
}

/** The full text of script `name`. */
export function scriptText(name: ScriptName): string {
    return prelude + "\n" + bodies[name];
}

/**
 * The script the detached network create runs as a scheduled task: the same module, parameters
 * read from the file the start script wrote, the outcome written to the operation's result file.
 */
export const detachedNetworkCreateScript = `param([string]$OperationId)
${prelude}
$directory = Get-L2bStatePath 'operations'
$paramsPath = Join-Path $directory ($OperationId + '.json')
$resultPath = Join-Path $directory ($OperationId + '.result.json')
$outcome = [ordered]@{ state = 'failed'; detail = '' }
try {
    $Params = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($paramsPath))
    $outcome.detail = [string](Invoke-L2bLocked { New-L2bNetworkIfAbsent $Params })
    $outcome.state = 'succeeded'
} catch {
    $outcome.detail = [string]$_.Exception.Message
}
[System.IO.File]::WriteAllText($resultPath, (ConvertTo-Json -InputObject $outcome -Compress), (New-Object System.Text.UTF8Encoding $false))
`;
