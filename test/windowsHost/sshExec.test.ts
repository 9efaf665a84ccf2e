/**
 * Over real SSH, an emulated Windows host hands every exec request to pwsh, with the cmdlet module
 * autoloaded and the host's environment, and the product's long-lived `pwsh -EncodedCommand` shell
 * streams requests on stdin and answers each one.
 */
import { expect } from "chai";
import type { ClientChannel } from "ssh2";
import { Client } from "ssh2";
import { startWindowsHostSshd } from "../../lab/windowsHostSshd";
import type { HostSshd } from "../../lab/hostSshd";
import type { ProxySocket } from "../../provider/transport/ssh/proxyCommand";
import { openProxySocket } from "../../provider/transport/ssh/proxyCommand";
import { BOOTSTRAP_SCRIPT, encodeCommand } from "../../provider/transport/powershell/bootstrap";
import { powerShellCodec } from "../../provider/transport/powershell/codec";
import type { ShellResponse } from "../../provider/transport/types";
import { join } from "path";
import type { EmulatedHostFixture } from "./emulatedHostFixture";
import { createEmulatedHost } from "./emulatedHostFixture";
import { skipWithoutPwsh } from "./skipWithoutPwsh";

function connect(
    host: EmulatedHostFixture,
    sshd: HostSshd,
): Promise<{ client: Client; proxy: ProxySocket }> {
    const proxy = openProxySocket([
        "ip",
        "netns",
        "exec",
        host.namespace,
        "socat",
        "STDIO",
        `TCP:${sshd.address}:22`,
    ]);
    const client = new Client();
    return new Promise((resolve, reject) => {
        client.once("ready", () => resolve({ client, proxy }));
        client.once("error", (error) => {
            proxy.stop();
            reject(error);
        });
        client.connect({
            sock: proxy.stream,
            username: "root",
            privateKey: sshd.clientPrivateKey,
            readyTimeout: 20000,
        });
    });
}

function exec(client: Client, command: string): Promise<ClientChannel> {
    return new Promise((resolve, reject) =>
        client.exec(command, (error, channel) => (error ? reject(error) : resolve(channel))),
    );
}

function collect(
    channel: ClientChannel,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
    let stdout = "";
    let stderr = "";
    channel.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    channel.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    return new Promise((resolve) => {
        let code: number | null = null;
        channel.on("exit", (exitCode: number | null) => (code = exitCode));
        channel.on("close", () => resolve({ stdout, stderr, code }));
    });
}

describe("emulated Windows host: SSH exec requests reach pwsh", function () {
    this.timeout(90000);
    let host: EmulatedHostFixture | undefined;
    let sshd: HostSshd | undefined;
    let session: { client: Client; proxy: ProxySocket } | undefined;

    before(async function () {
        skipWithoutPwsh(this);
        host = await createEmulatedHost();
        sshd = await startWindowsHostSshd({
            namespace: host.namespace,
            address: host.address,
            hostDir: host.hostDir,
            shimDir: host.shimDir,
            hcnSocket: join(host.hostDir, "hcn.sock"),
        });
        session = await connect(host, sshd);
    });

    after(async () => {
        session?.client.end();
        session?.proxy.stop();
        await sshd?.stop();
        await host?.remove();
    });

    it("an exec request runs in pwsh with the module autoloaded and the host's environment", async () => {
        const result = await collect(
            await exec(
                session!.client,
                "ConvertTo-Json -Compress -InputObject @{ edition = $PSVersionTable.PSEdition; programData = $env:ProgramData; socket = $env:L2B_HCN_SOCKET; address = (Get-NetIPAddress -InterfaceAlias 'Ethernet 2' -AddressFamily IPv4).IPAddress; module = (Get-Command Get-NetRoute).Source }",
            ),
        );
        expect(result.code, result.stderr).to.equal(0);
        expect(JSON.parse(result.stdout)).to.deep.equal({
            edition: "Core",
            programData: join(host!.hostDir, "ProgramData"),
            socket: join(host!.hostDir, "hcn.sock"),
            address: host!.address,
            module: "L2bWindowsEmulation",
        });
    });

    it("a long-lived pwsh -EncodedCommand shell reads requests from stdin (a large one gzip-compressed) and answers each on its own line", async () => {
        const channel = await exec(
            session!.client,
            "pwsh -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand " +
                encodeCommand(BOOTSTRAP_SCRIPT),
        );
        let stdout = "";
        const arrivals: (() => void)[] = [];
        channel.on("data", (chunk: Buffer) => {
            stdout += chunk.toString("utf8");
            arrivals.splice(0).forEach((arrived) => arrived());
        });
        channel.stderr.on("data", () => undefined);
        /** Resolves with the decoded answer to request `id` once its line has arrived. */
        const answer = async (id: string): Promise<ShellResponse> => {
            for (;;) {
                const decoded = powerShellCodec.decodeResponse(stdout, id);
                if (decoded) return decoded.response;
                await new Promise<void>((resolve) => arrivals.push(resolve));
            }
        };
        channel.write(
            powerShellCodec.encodeRequest("first", "return ([int]$Params.x + 1)", { x: 41 }),
        );
        expect(await answer("first")).to.deep.equal({ ok: true, output: "42", exitCode: 0 });
        channel.write(
            powerShellCodec.encodeRequest(
                "second",
                "return [string](Get-NetIPInterface -InterfaceAlias $Params.alias -AddressFamily IPv4).InterfaceAlias",
                {
                    alias: "Ethernet 2",
                },
            ),
        );
        expect(await answer("second")).to.deep.equal({
            ok: true,
            output: '"Ethernet 2"',
            exitCode: 0,
        });
        const large = 'réseau-网络-🚀 "quoted" \\ '.repeat(100);
        const line = powerShellCodec.encodeRequest("third", "return [string]$Params.text", {
            text: large,
        });
        expect(line.startsWith("gzip "), "a large request travels compressed").to.equal(true);
        channel.write(line);
        expect(await answer("third")).to.deep.equal({
            ok: true,
            output: JSON.stringify(large),
            exitCode: 0,
        });
        const closed = new Promise((resolve) => channel.once("close", resolve));
        channel.end();
        await closed;
    });
});
