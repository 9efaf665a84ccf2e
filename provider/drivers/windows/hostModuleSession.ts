/**
 * Runs host operations over a `HostSession`, loading the host module into the shell when it lacks
 * it: a request goes out as the operation's short script; a shell that does not hold the module's
 * hash (a new shell, or one restarted after a reconnect) refuses before running anything, and the
 * module is then loaded and the request sent again, so callers never notice. The module crosses
 * the wire once per shell.
 */
import { RemoteScriptError } from "../../transport/errors";
import type { HostSession } from "../../transport/types";
import type { HostModuleFiles } from "./hostModule";
import {
    LOADER_SCRIPT,
    MODULE_MISSING,
    hostModuleFiles,
    loaderParams,
    operationScript,
} from "./hostModule";

/** True when `error` is a shell's refusal to run an operation without the module. */
export function isModuleMissing(error: unknown): boolean {
    return error instanceof RemoteScriptError && error.message.includes(MODULE_MISSING);
}

/** Operations of the host module over one session. */
export class HostModuleSession {
    private readonly scripts = new Map<string, string>();

    constructor(
        private readonly session: HostSession,
        private readonly files: HostModuleFiles = hostModuleFiles(),
    ) {}

    /** The request script of operation `name`. */
    scriptOf(name: string): string {
        let script = this.scripts.get(name);
        if (!script) {
            script = operationScript(name, this.files.hash);
            this.scripts.set(name, script);
        }
        return script;
    }

    /** Runs operation `name` with `params`; returns the shell's raw output. */
    async run(name: string, params: Record<string, unknown>): Promise<string> {
        const script = this.scriptOf(name);
        try {
            return await this.session.invoke(script, params);
        } catch (error) {
            if (!isModuleMissing(error)) throw error;
        }
        await this.session.invoke(LOADER_SCRIPT, loaderParams(this.files));
        return this.session.invoke(script, params);
    }
}
