/**
 * Two ContainerRoute sets on one host (a real network namespace): a prefix belongs to one set, the
 * second set asking for it is refused naming the owner, and deleting a set never removes a route
 * another set lists.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import { promises as fs } from "fs";
import { LinuxDriver } from "../../../provider/drivers/linux/linuxDriver";
import { claimsOfOtherSets } from "../../../provider/drivers/linux/containerRoute";
import type { ContainerRouteSpec } from "../../../provider/model/kinds";
import { addNamespace, removeLeftovers } from "../../../lab/netns";
import { NetnsSession } from "../../support/netnsSession";

const prefix = "l2d-";
const namespace = `${prefix}routeown`;
const nextHop = "10.200.50.254";
const shared = "10.200.61.0/24";
const onlyA = "10.200.62.0/24";
const onlyB = "10.200.63.0/24";

const ipRun = (...args: string[]): string =>
    execFileSync("ip", ["-n", namespace, ...args], { encoding: "utf8" });
const ownRoutes = (): string => ipRun("route", "show", "proto", "233");

function setOf(name: string, destinations: string[]): ContainerRouteSpec {
    return {
        name,
        routes: destinations.map((destinationPrefix) => ({ destinationPrefix, nextHop })),
    } as ContainerRouteSpec;
}

describe("route sets sharing a host: one owner per prefix", function () {
    let driver: LinuxDriver;
    let stateDirectory = "";

    const put = async (spec: ContainerRouteSpec): Promise<void> => {
        const observed = await driver.observe("containerRoute", spec);
        await driver.apply({
            kind: "containerRoute",
            action: observed ? "update" : "create",
            desired: spec,
            observed,
        });
    };
    const remove = async (spec: ContainerRouteSpec): Promise<void> => {
        const observed = await driver.observe("containerRoute", spec);
        await driver.apply({ kind: "containerRoute", action: "delete", desired: spec, observed });
    };

    before(async function () {
        if (process.getuid?.() !== 0) {
            console.log("    route set ownership checks did not run: they need root");
            this.skip();
        }
        await removeLeftovers(prefix + "routeown");
        await addNamespace(namespace, prefix);
        ipRun("link", "add", `${prefix}rt0`, "type", "veth", "peer", "name", `${prefix}rt1`);
        ipRun("addr", "add", "10.200.50.1/24", "dev", `${prefix}rt0`);
        ipRun("link", "set", `${prefix}rt0`, "up");
        ipRun("link", "set", `${prefix}rt1`, "up");
        const inode = execFileSync("ip", [
            "netns",
            "exec",
            namespace,
            "stat",
            "-L",
            "-c",
            "%i",
            "/proc/self/ns/net",
        ])
            .toString()
            .trim();
        stateDirectory = `/run/l2bridge/${inode}`;
        driver = new LinuxDriver(new NetnsSession(namespace), {
            host: namespace,
            user: "root",
            os: "linux",
        });
    });

    after(async () => {
        await removeLeftovers(prefix + "routeown");
        if (stateDirectory) {
            await fs.rm(stateDirectory, { recursive: true, force: true });
        }
    });

    it("refuses a second set claiming a prefix of the first, naming the owner, and installs nothing", async () => {
        await put(setOf("l2d-a", [shared, onlyA]));
        let message = "";
        await put(setOf("l2d-b", [shared, onlyB])).catch(
            (error: Error) => (message = error.message),
        );
        expect(message, message).to.contain(`route set "l2d-a"`).and.contain(shared);
        expect(ownRoutes()).to.not.contain(onlyB);
        expect(ownRoutes()).to.contain(shared).and.contain(onlyA);
    });

    it("does not observe the first set's route as the second set's own", async () => {
        const observed = await driver.observe("containerRoute", setOf("l2d-b", [shared, onlyB]));
        const destinations = (observed?.state.routes ?? []).map((route) => route.destinationPrefix);
        expect(destinations).to.not.include(shared);
    });

    it("deleting the second set keeps every route of the first", async () => {
        await put(setOf("l2d-b", [onlyB]));
        expect(ownRoutes()).to.contain(onlyB);
        await remove(setOf("l2d-b", [onlyB]));
        const routes = ownRoutes();
        expect(routes).to.not.contain(onlyB);
        expect(routes).to.contain(shared).and.contain(onlyA);
    });

    it("deleting a set whose member file also lists another set's prefix leaves that route", async () => {
        // A member file written before prefixes had one owner may list another set's prefix.
        await put(setOf("l2d-b", [onlyB]));
        await fs.appendFile(`${stateDirectory}/routes-l2d-b`, `${shared}\n`);
        await remove(setOf("l2d-b", [onlyB]));
        expect(ownRoutes()).to.contain(shared).and.contain(onlyA);
        await remove(setOf("l2d-a", [shared, onlyA]));
        expect(ownRoutes().trim()).to.equal("");
    });

    it("reads the claims of other sets as destination and owner", () => {
        const claims = claimsOfOtherSets(`${shared} l2d-a\n${onlyB} l2d-b\n\n${shared} l2d-c`);
        expect([...claims]).to.deep.equal([
            [shared, "l2d-a"],
            [onlyB, "l2d-b"],
        ]);
    });
});
