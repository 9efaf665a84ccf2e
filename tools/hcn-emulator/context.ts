/** What every emulated HCN operation works on. */
import type { HostKernel } from "./hostKernel";
import type { HcnState } from "./state";

/** The host state loaded for one call, plus the kernel side effects of host attach. */
export interface HcnContext {
    state: HcnState;
    kernel?: HostKernel;
}
