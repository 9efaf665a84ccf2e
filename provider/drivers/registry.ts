/**
 * Where providers get a driver for a host. The default picks the Windows or Linux driver and gives it
 * the host's pooled session; tests install a double with `setDriverFactory`.
 */
import type { HostConnection } from "../model/hostConnection";
import type { HostDriver } from "./hostDriver";

/** Builds the driver of a host. */
export type DriverFactory = (connection: HostConnection) => HostDriver;

function defaultDriverFactory(connection: HostConnection): HostDriver {
    const pool = require("../transport/pool") as typeof import("../transport/pool");
    const session = pool.sessionFor(connection);
    if (connection.os === "windows") {
        const windows =
            require("./windows/windowsDriver") as typeof import("./windows/windowsDriver");
        return new windows.WindowsDriver(session, connection);
    }
    const linux = require("./linux/linuxDriver") as typeof import("./linux/linuxDriver");
    return new linux.LinuxDriver(session, connection);
}

let currentFactory: DriverFactory = defaultDriverFactory;

/** The driver for `connection`. */
export function driverFor(connection: HostConnection): HostDriver {
    return currentFactory(connection);
}

/** Replace the driver factory (tests); returns a function that restores the previous one. */
export function setDriverFactory(factory: DriverFactory): () => void {
    const previous = currentFactory;
    currentFactory = factory;
    return () => {
        currentFactory = previous;
    };
}
