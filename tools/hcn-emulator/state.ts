/**
 * The emulated host's HCN state, kept in `<stateDir>/state.json` so that tests and other tools can
 * read or change it between calls (a reboot, an HNS restart or another tool).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "fs";
import { join } from "path";

/** A JSON object as HNS stores it (v2 field names). */
export type HcnDocument = Record<string, unknown>;

/** An HCN object in its v2 shape; `ID` is the upper-case GUID HNS assigned. */
export interface HcnObject extends HcnDocument {
    ID: string;
}

/** A physical adapter of the host (what `Get-NetAdapter` would list before any vSwitch). */
export interface HostAdapter {
    name: string;
    ipAddress: string;
    prefixLength: number;
    macAddress: string;
}

/** An endpoint attached to the host compartment through v1 `POST /endpoints/<id>/attach`. */
export interface HostAttachment {
    endpointId: string;
    compartmentId: number;
}

/** HNS version as `GET /globals/version` reports it. */
export interface HnsVersion {
    major: number;
    minor: number;
}

/** Everything HNS knows on one emulated host. */
export interface HcnState {
    version: HnsVersion;
    adapters: HostAdapter[];
    networks: HcnObject[];
    endpoints: HcnObject[];
    namespaces: HcnObject[];
    loadBalancers: HcnObject[];
    hostAttach: HostAttachment[];
}

/** The file holding the state of the host whose directory is `stateDir`. */
export function hcnStatePath(stateDir: string): string {
    return join(stateDir, "state.json");
}

/** Reads the state of a host (throws when the host was never initialised). */
export function readHcnState(stateDir: string): HcnState {
    return JSON.parse(readFileSync(hcnStatePath(stateDir), "utf8")) as HcnState;
}

/** Replaces the state of a host atomically (temporary file + rename). */
export function writeHcnState(stateDir: string, state: HcnState): void {
    mkdirSync(stateDir, { recursive: true });
    const path = hcnStatePath(stateDir);
    const temporary = `${path}.${process.pid}.${Math.random().toString(16).slice(2)}.tmp`;
    writeFileSync(temporary, JSON.stringify(state, null, 2));
    renameSync(temporary, path);
}

/** Options of a fresh host. */
export interface HostSetup {
    /** HNS version the host reports; features above it are refused. */
    version: HnsVersion;
    /** The host's physical adapters. */
    adapters: HostAdapter[];
}

/** Creates a fresh host: no networks, endpoints, namespaces or load balancers. */
export function initHcnState(stateDir: string, setup: HostSetup): HcnState {
    const state: HcnState = {
        version: { ...setup.version },
        adapters: setup.adapters.map((a) => ({ ...a })),
        networks: [],
        endpoints: [],
        namespaces: [],
        loadBalancers: [],
        hostAttach: [],
    };
    writeHcnState(stateDir, state);
    return state;
}
