/**
 * The defaults of `connection.timeouts`, in seconds: the one place the transports, the drivers and
 * the validator take them from (HostConnection's TSDoc states the same values, and the docs test
 * holds the docs to it).
 */
export const timeoutDefaults = {
    /** Time to open a connection, retries included. */
    connectSeconds: 30,
    /** Time one request may run. */
    commandSeconds: 300,
    /** Time a Windows host may stay unreachable while a network create or delete moves its address. */
    reconnectSeconds: 180,
} as const;
