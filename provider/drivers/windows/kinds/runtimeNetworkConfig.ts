/**
 * RuntimeNetworkConfig on Windows hosts.
 */
import { RuntimeNetworkConfigSpec } from "../../../model/kinds";
import { ApplyOp, Observation } from "../../hostDriver";
import { WindowsHostContext } from "../hostContext";

function notAvailable(context: WindowsHostContext): Error {
    return new Error(
        `RuntimeNetworkConfig is not available on Windows hosts yet (host ${context.host}); write the CNI configuration on this host by other means`,
    );
}

/** The runtime network configuration kind. */
export const runtimeNetworkConfigKind = {
    async observe(
        context: WindowsHostContext,
        _spec: RuntimeNetworkConfigSpec,
    ): Promise<Observation<"runtimeNetworkConfig"> | null> {
        throw notAvailable(context);
    },
    async apply(
        context: WindowsHostContext,
        _op: ApplyOp<"runtimeNetworkConfig">,
    ): Promise<Observation<"runtimeNetworkConfig"> | null> {
        throw notAvailable(context);
    },
};
