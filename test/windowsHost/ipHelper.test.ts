/**
 * The C# IP Helper binding (host/windows/IpHelperBinding.cs), compiled in real pwsh on the emulated
 * host, reads the namespace's kernel through the native `iphlpapi.dll` stand-in: every row is
 * checked against what the kernel itself reports (`ip -j`), not against what the binding expects.
 */
import { expect } from "chai";
import { standaloneHostModule } from "../../provider/drivers/windows/hostModule";
import type { EmulatedHostFixture } from "./emulatedHostFixture";
import { createEmulatedHost, runCommand } from "./emulatedHostFixture";
import { skipWithoutPwsh } from "./skipWithoutPwsh";

interface InterfaceRow {
    ifIndex: number;
    InterfaceAlias: string;
    Forwarding: string;
    MacAddress: string;
}
interface AddressRow {
    ifIndex: number;
    InterfaceAlias: string;
    IPAddress: string;
    PrefixLength: number;
}
interface NeighborRow {
    InterfaceAlias: string;
    IPAddress: string;
    LinkLayerAddress: string;
    State: string;
}
interface RouteRow {
    InterfaceAlias: string;
    DestinationPrefix: string;
    NextHop: string;
    RouteMetric: number;
}
interface Readings {
    facts: { Interfaces: InterfaceRow[]; Addresses: AddressRow[]; Neighbors: NeighborRow[] };
    routes: RouteRow[];
    best: Record<string, string>;
    badDestination: string;
}

describe("Windows host module: IP Helper reads of the host's IPv4 stack", function () {
    this.timeout(120_000);
    let host: EmulatedHostFixture | undefined;
    let readings: Readings;
    let kernelLinks: Record<string, unknown>[];
    const unicodeAlias = "vEthernet (réseau 𝔾)";
    const fixture = (): EmulatedHostFixture => host!;
    const uplinkNet = (): string => `10.200.${fixture().subnet}`;

    before(async function () {
        skipWithoutPwsh(this);
        host = await createEmulatedHost();
        const inNs = (...args: string[]): Promise<string> =>
            runCommand("ip", ["-n", fixture().namespace, ...args]);
        await inNs("link", "add", "wiph0", "type", "veth", "peer", "name", "wiph0p");
        await inNs("link", "set", "wiph0", "alias", unicodeAlias);
        await inNs("link", "set", "wiph0", "address", "02:15:5d:0a:0b:0c");
        await inNs("addr", "add", "10.200.251.2/28", "dev", "wiph0");
        await inNs("link", "set", "wiph0p", "up");
        await inNs("link", "set", "wiph0", "up");
        await runCommand("ip", [
            "netns",
            "exec",
            fixture().namespace,
            "sysctl",
            "-qw",
            "net.ipv4.conf.wiph0.forwarding=1",
        ]);
        const net = uplinkNet();
        await inNs(
            "neigh",
            "replace",
            `${net}.9`,
            "lladdr",
            "02:00:00:00:00:09",
            "dev",
            "whup0",
            "nud",
            "permanent",
        );
        await inNs(
            "neigh",
            "replace",
            `${net}.10`,
            "lladdr",
            "02:00:00:00:00:0a",
            "dev",
            "whup0",
            "nud",
            "stale",
        );
        await inNs(
            "route",
            "add",
            "10.200.252.0/24",
            "via",
            `${net}.7`,
            "dev",
            "whup0",
            "metric",
            "7",
        );
        await inNs("route", "add", "default", "via", `${net}.1`, "dev", "whup0");
        await inNs(
            "route",
            "add",
            "10.200.253.0/24",
            "via",
            `${net}.8`,
            "dev",
            "whup0",
            "table",
            "100",
        );
        await inNs("route", "add", "unreachable", "10.200.254.0/24");
        kernelLinks = await fixture().ipJson(["link", "show"]);
        const output = await fixture().pwsh(
            `${standaloneHostModule()}
$destinations = [string[]]@($P.destinations)
$aliases = [PulumiL2Bridge.IpHelper]::BestInterfaceAliases($destinations)
$best = [ordered]@{}
for ($i = 0; $i -lt $destinations.Length; $i++) { $best[$destinations[$i]] = $aliases[$i] }
$bad = ''
try { [void][PulumiL2Bridge.IpHelper]::BestInterfaceAliases([string[]]@('10.200.0.1', 'fe80::1')) } catch { $bad = $_.Exception.InnerException.Message }
ConvertTo-Json -Depth 6 -Compress -InputObject ([ordered]@{
    facts = [PulumiL2Bridge.IpHelper]::ReadInterfaceFacts()
    routes = [PulumiL2Bridge.IpHelper]::ReadRoutes()
    best = $best
    badDestination = $bad
})`,
            { destinations: [`${net}.7`, "10.200.251.5", "10.200.253.1", "10.200.254.1"] },
        );
        readings = JSON.parse(output) as Readings;
    });

    after(async () => {
        await host?.remove();
    });

    const kernelLink = (device: string): Record<string, unknown> =>
        kernelLinks.find((link) => link.ifname === device)!;
    const interfaceNamed = (alias: string): InterfaceRow | undefined =>
        readings.facts.Interfaces.find((row) => row.InterfaceAlias === alias);

    it("an interface shows the kernel's ifindex and MAC (upper-case, '-'-separated) under its alias", () => {
        expect(interfaceNamed("Ethernet 2")).to.deep.include({
            ifIndex: kernelLink("whup0").ifindex,
            MacAddress: String(kernelLink("whup0").address).toUpperCase().replace(/:/g, "-"),
        });
    });

    it("an alias outside ASCII (with a surrogate pair) comes through whole", () => {
        expect(interfaceNamed(unicodeAlias)).to.deep.include({
            ifIndex: kernelLink("wiph0").ifindex,
            MacAddress: "02-15-5D-0A-0B-0C",
        });
    });

    it("a link without an alias shows under its device name", () => {
        expect(interfaceNamed("whpeer0")?.ifIndex).to.equal(kernelLink("whpeer0").ifindex);
    });

    it("forwarding reads Enabled where the kernel forwards and Disabled where it does not", () => {
        expect(interfaceNamed(unicodeAlias)?.Forwarding).to.equal("Enabled");
        expect(interfaceNamed("Ethernet 2")?.Forwarding).to.equal("Disabled");
    });

    it("an address shows with its interface and on-link prefix length", () => {
        expect(readings.facts.Addresses).to.deep.include({
            ifIndex: kernelLink("wiph0").ifindex,
            InterfaceAlias: unicodeAlias,
            IPAddress: "10.200.251.2",
            PrefixLength: 28,
        });
        expect(readings.facts.Addresses.map((row) => row.IPAddress)).to.include(fixture().address);
    });

    it("a permanent neighbour shows as Permanent with its link-layer address", () => {
        expect(
            readings.facts.Neighbors.find((row) => row.IPAddress === `${uplinkNet()}.9`),
        ).to.deep.include({
            InterfaceAlias: "Ethernet 2",
            LinkLayerAddress: "02-00-00-00-00-09",
            State: "Permanent",
        });
    });

    it("a stale neighbour shows as Stale", () => {
        expect(
            readings.facts.Neighbors.find((row) => row.IPAddress === `${uplinkNet()}.10`)?.State,
        ).to.equal("Stale");
    });

    it("a route through a gateway shows its prefix, next hop, interface and metric", () => {
        expect(readings.routes).to.deep.include({
            ifIndex: kernelLink("whup0").ifindex,
            InterfaceAlias: "Ethernet 2",
            DestinationPrefix: "10.200.252.0/24",
            NextHop: `${uplinkNet()}.7`,
            RouteMetric: 7,
        });
    });

    it("an on-link route has next hop 0.0.0.0 and the default route is 0.0.0.0/0", () => {
        const prefixes = readings.routes.map((row) => `${row.DestinationPrefix} ${row.NextHop}`);
        expect(prefixes).to.include(`${uplinkNet()}.0/24 0.0.0.0`);
        expect(prefixes).to.include(`0.0.0.0/0 ${uplinkNet()}.1`);
    });

    it("a route of another kernel table is not in the active store's list", () => {
        expect(readings.routes.map((row) => row.DestinationPrefix)).not.to.include(
            "10.200.253.0/24",
        );
    });

    it("an unreachable route is not a unicast route and is not listed", () => {
        expect(readings.routes.map((row) => row.DestinationPrefix)).not.to.include(
            "10.200.254.0/24",
        );
    });

    it("the best interface of a destination is the one its route leaves by", () => {
        expect(readings.best[`${uplinkNet()}.7`]).to.equal("Ethernet 2");
        expect(readings.best["10.200.251.5"]).to.equal(unicodeAlias);
    });

    it("a destination reached only by the default route leaves by the default route's interface", () => {
        expect(readings.best["10.200.253.1"]).to.equal("Ethernet 2");
    });

    it("a destination the host cannot reach has no best interface", () => {
        expect(readings.best["10.200.254.1"]).to.equal("");
    });

    it("a destination that is not IPv4 is refused, naming it", () => {
        expect(readings.badDestination).to.equal(
            'pulumi-l2bridge: "fe80::1" is not an IPv4 address',
        );
    });
});
