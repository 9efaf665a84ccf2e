/**
 * The product's own host module and operations, unchanged, run on the emulated host: the interface
 * view it observes and the route and gateway changes it applies land in the namespace's kernel.
 */
import { expect } from "chai";
import { standaloneHostModule } from "../../provider/drivers/windows/hostModule";
import type { EmulatedHostFixture } from "./emulatedHostFixture";
import { createEmulatedHost } from "./emulatedHostFixture";
import { skipWithoutPwsh } from "./skipWithoutPwsh";

describe("emulated Windows host: the product's host scripts", function () {
    this.timeout(90000);
    let host: EmulatedHostFixture | undefined;

    before(async function () {
        skipWithoutPwsh(this);
        host = await createEmulatedHost();
    });

    after(async () => {
        await host?.remove();
    });

    const runProductScript = (body: string, params: unknown): Promise<string> =>
        host!.pwsh(`$Params = $P\n${standaloneHostModule()}\n${body}`, params);

    it("Set-L2bGatewayInterface enables forwarding and seeds the static neighbour, and Get-L2bInterfaceView observes both", async () => {
        const output = await runProductScript(
            `Set-L2bGatewayInterface $Params ''
ConvertTo-L2bJson (Get-L2bInterfaceView ([string]$Params.hostInterface) (Read-L2bInterfaceFacts))`,
            {
                hostInterface: "Ethernet 2",
                forwarding: true,
                neighborIp: `10.200.${host!.subnet}.1`,
                neighborMac: "00-15-5D-00-00-01",
            },
        );
        const view = JSON.parse(output);
        expect(view).to.include({ alias: "Ethernet 2", exists: true, forwarding: "Enabled" });
        expect(view.addresses).to.include(host!.address);
        expect(view.neighbors).to.deep.equal([
            {
                ipAddress: `10.200.${host!.subnet}.1`,
                linkLayerAddress: "00-15-5D-00-00-01",
                state: "Permanent",
            },
        ]);
    });

    it("Set-L2bRoutes adds and removes ActiveStore routes in the kernel table", async () => {
        const route = {
            destinationPrefix: "10.200.252.0/24",
            nextHop: `10.200.${host!.subnet}.5`,
            interfaceAlias: "Ethernet 2",
            metric: 9,
            store: "ActiveStore",
        };
        await runProductScript(`Set-L2bRoutes $Params`, {
            name: "mesh",
            add: [route],
            remove: [],
            recordData: "{}",
        });
        const added = await host!.ipJson(["route", "show", "10.200.252.0/24"]);
        expect(added).to.have.length(1);
        expect(added[0]).to.include({ gateway: route.nextHop, dev: "whup0", metric: 9 });
        await runProductScript(`Set-L2bRoutes $Params`, {
            name: "mesh",
            add: [],
            remove: [route],
            deleteRecord: true,
        });
        expect(await host!.ipJson(["route", "show", "10.200.252.0/24"])).to.deep.equal([]);
    });

    it("a request reads the records file once for its views, and afresh after its own save, under the host lock and in the next request", async () => {
        const names =
            "@(Get-L2bRecordList | Where-Object { $_.kind -eq 'containerEndpoint' } | ForEach-Object { $_.name })";
        const output = await runProductScript(
            `Set-L2bRecord 'containerEndpoint' 'first' '11111111-1111-4111-8111-111111111111' 'mesh' ''
$afterSave = ${names}
[System.IO.File]::AppendAllText((Get-L2bStatePath 'records.jsonl'), '{"kind":"containerEndpoint","name":"second","id":"22222222-2222-4222-8222-222222222222","network":"mesh","data":""}' + [char]10)
$sameRequest = ${names}
$underLock = @(Invoke-L2bLocked { ${names} })
$afterLock = ${names}
Remove-L2bRecord 'containerEndpoint' 'second'
[System.IO.File]::AppendAllText((Get-L2bStatePath 'records.jsonl'), '{"kind":"containerEndpoint","name":"third","id":"33333333-3333-4333-8333-333333333333","network":"mesh","data":""}' + [char]10)
$nextRequest = @((ConvertFrom-L2bJson (Invoke-L2bOperation 'observeRoutes' @{ name = 'none'; prefixes = @(); nextHops = @() })).records | Where-Object { $_.kind -eq 'containerEndpoint' } | ForEach-Object { $_.name })
Remove-L2bRecord 'containerEndpoint' 'first'
Remove-L2bRecord 'containerEndpoint' 'third'
ConvertTo-L2bJson ([ordered]@{ afterSave = $afterSave; sameRequest = $sameRequest; underLock = $underLock; afterLock = $afterLock; nextRequest = $nextRequest })`,
            {},
        );
        expect(JSON.parse(output)).to.deep.equal({
            afterSave: ["first"],
            sameRequest: ["first"],
            underLock: ["first", "second"],
            afterLock: ["first", "second"],
            nextRequest: ["first", "third"],
        });
    });
});
