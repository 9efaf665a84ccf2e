/**
 * Provider of `RuntimeNetworkConfig`: the CNI configuration a container runtime reads to attach its
 * containers to one network on one host. Before every create and update the network is observed:
 * it must exist, and its subnet must be the one the configuration hands addresses from.
 */
import { driverFor } from "../drivers/registry";
import type { Observation } from "../drivers/hostDriver";
import type { L2BridgeNetworkSpec, RuntimeNetworkConfigSpec } from "../model/kinds";
import { runtimeNetworkConfigDefaults } from "../model/defaults";
import { checkRuntimeNetworkConfig } from "../validate/runtimeNetworkConfig";
import type { KindConfig } from "./kindConfig";
import { detailText } from "./kindConfig";
import { kindProvider } from "./kindProvider";
import { splitBag } from "./propertyBag";
import { missingDependencyError, withObjectId } from "./providerErrors";

type Bag = Record<string, unknown>;

export const runtimeNetworkConfigConfig: KindConfig<"runtimeNetworkConfig"> = {
    kind: "runtimeNetworkConfig",
    className: "RuntimeNetworkConfig",
    check: checkRuntimeNetworkConfig,
    inputKeys: [
        "connection",
        "adopt",
        "network",
        "subnet",
        "runtime",
        "configDirectory",
        "priority",
        "gateway",
        "rangeStart",
        "rangeEnd",
        "routes",
        "encapRoutes",
        "dns",
        "outboundNat",
        "cniVersion",
        "ipamDataDirectory",
    ],
    replaceKeys: ["network", "runtime", "configDirectory", "priority"],
    outputKeys: ["configPath"],
    exclusiveOnHost: false,
    describe: (spec: RuntimeNetworkConfigSpec) =>
        `the CNI configuration of network ${spec.network} (priority ${spec.priority ?? runtimeNetworkConfigDefaults.priority} in ${spec.configDirectory ?? "the default directory"})`,
    outputs: (observed) => ({ configPath: detailText(observed.details, "configPath") }),
};

/** Why the observed network does not fit `spec`, or undefined when it does. */
export function networkMismatch(
    spec: RuntimeNetworkConfigSpec,
    network: Observation<"l2BridgeNetwork">,
): string | undefined {
    const subnet = network.state.subnet;
    if (subnet === spec.subnet) {
        return undefined;
    }
    return `subnet: ${spec.subnet} is not the subnet of L2BridgeNetwork ${spec.network} on the host (${subnet || "none recorded"}); use ${subnet || "the network's subnet"}`;
}

/** The network must exist on the host with the configuration's subnet. */
async function requireNetwork(inputs: Bag): Promise<void> {
    const { connection, spec } = splitBag<"runtimeNetworkConfig">(
        inputs,
        runtimeNetworkConfigConfig.outputKeys,
    );
    const network = await driverFor(connection).observe("l2BridgeNetwork", {
        name: spec.network,
    } as L2BridgeNetworkSpec);
    if (!network) {
        throw missingDependencyError(
            runtimeNetworkConfigConfig.className,
            runtimeNetworkConfigConfig.describe(spec),
            `L2BridgeNetwork ${spec.network}`,
            connection.host,
        );
    }
    const mismatch = networkMismatch(spec, network);
    if (mismatch) {
        throw new Error(`${runtimeNetworkConfigConfig.className}: ${mismatch}`);
    }
}

const flow = kindProvider(runtimeNetworkConfigConfig);

export const provider: typeof flow = {
    ...flow,
    async create(inputs: Bag) {
        await requireNetwork(inputs);
        return flow.create(inputs);
    },
    async update(id: string, olds: Bag, news: Bag) {
        try {
            await requireNetwork(news);
        } catch (error) {
            throw withObjectId(error, id);
        }
        return flow.update(id, olds, news);
    },
};
