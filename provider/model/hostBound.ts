import type { HostConnection } from "./hostConnection";

/** Properties every dynamic resource of this package takes. */
export interface HostBound {
    /** How to reach the host this object lives on. Changing `host` or `os` replaces the object. Required. */
    connection: HostConnection;
    /**
     * Take over an object that already exists on the host under this resource's name but was not
     * created by this package (no ownership marker). Without it, such an object is a conflict and
     * the create fails naming it. An adopted object is deleted with the resource. Changes apply in
     * place.
     * @default false
     */
    adopt?: boolean;
}

/** Outputs every dynamic resource of this package has. */
export interface HostBoundOutputs {
    /**
     * SHA-256 fingerprint of the SSH host key seen when the object was last created, updated or read
     * (`SHA256:…`), so it can be pinned with `connection.hostKey`; "" over WinRM.
     */
    hostKeyFingerprint: string;
}
