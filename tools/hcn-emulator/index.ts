/** The HCN emulator: Windows' computenetwork.dll/vmcompute.dll behaviour for Linux test hosts. */
export { buildShim, ipHelperLibraryNames, shimLibraryNames } from "./buildShim";
export { callHcn, HcnClient } from "./client";
export {
    hostVnicAlias,
    hostVnicLinkName,
    NetnsHostKernel,
    type HostEndpoint,
    type HostKernel,
} from "./hostKernel";
export { HResult } from "./hresults";
export { startHcnEmulator, type HcnEmulator, type HcnEmulatorOptions } from "./server";
export {
    initHcnState,
    readHcnState,
    writeHcnState,
    type HcnObject,
    type HcnState,
    type HnsVersion,
    type HostAdapter,
    type HostSetup,
} from "./state";
