/** A Windows driver wired to the host double, with a clock that never really waits. */
import { WindowsDriver } from "../../../provider/drivers/windows/windowsDriver";
import { HostConnection } from "../../../sdk/hostConnection";
import {
    ConnectionFault,
    FakeWindowsHost,
    FakeWindowsSession,
} from "../../support/fakeWindowsSession";

export const windowsConnection: HostConnection = {
    host: "win-1.corp.example",
    user: "Administrator",
    os: "windows",
    transport: "winrm",
    password: "not-used-by-the-double",
    timeouts: { reconnectSeconds: 60 },
};

/** A clock whose sleeps return at once and advance time. */
export class SteppingClock {
    time = 1_000_000;
    sleeps: number[] = [];
    now = (): number => this.time;
    sleep = async (ms: number): Promise<void> => {
        this.sleeps.push(ms);
        this.time += ms;
    };
}

export interface Harness {
    host: FakeWindowsHost;
    session: FakeWindowsSession;
    driver: WindowsDriver;
    clock: SteppingClock;
}

/**
 * A fresh host with the namespaces of the scenario containers, and a driver on it. Detached
 * creates run on the host as soon as the start request has reached it.
 */
export function harness(fault?: ConnectionFault, host = new FakeWindowsHost()): Harness {
    const session = new FakeWindowsSession(host, fault);
    session.afterInvoke = (name, params) => {
        if (name === "startNetworkCreate") {
            host.runDetached(params.operationId);
        }
    };
    const clock = new SteppingClock();
    let counter = 0;
    const driver = new WindowsDriver(session, windowsConnection, {
        clock,
        newOperationId: () => (++counter).toString(16).padStart(32, "0"),
    });
    return { host, session, driver, clock };
}

/** Namespaces of the scenario containers on `host`. */
export function addScenarioNamespaces(host: FakeWindowsHost): void {
    host.namespaces.push(
        {
            ID: "C0FFEE00-1111-4222-8333-444455556666",
            Type: "Host",
            Resources: [
                {
                    Type: "Container",
                    Data: {
                        Id: "5f0c7b3e9a1d4c2b8e6f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
                    },
                },
            ],
        },
        { ID: "8C1D4F2A-6B3E-4C5D-9E7F-0A1B2C3D4E5F", Type: "Host", Resources: [] },
        {
            ID: "D00DFEED-2222-4333-8444-555566667777",
            Type: "Host",
            Resources: [{ Type: "Container", Data: { Id: "web2" } }],
        },
    );
}
