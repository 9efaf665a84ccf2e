/**
 * Outbound NAT of one container endpoint, replacing its network's for that endpoint: a table whose
 * postrouting chain runs just before the networks' (`srcnat - 5`). A connection leaving the bridge
 * from the endpoint's address is masqueraded (`enabled: true`), or bound to its own address, which
 * stops every later NAT chain (`enabled: false`, and each exception).
 */
import type { OutboundNat } from "../../model/outboundNat";
import type { NftTable } from "./nftJson";
import { hasStatement, decodeAddresses, payloadMatch, rulesOf } from "./nftJson";
import { deleteTable, nftAddress, nftComment, nftInterface, replaceTable } from "./nftText";
import { tableName } from "./ownership";

/** The table of endpoint `name`. */
export function endpointNatTable(name: string): string {
    return tableName("epnat", name);
}

/** The transaction that programs `nat` for the endpoint (or removes the table when unset). */
export function endpointNatText(
    name: string,
    address: string,
    bridge: string,
    nat: OutboundNat | undefined,
): string {
    const table = endpointNatTable(name);
    if (nat === undefined) {
        return deleteTable("ip", table);
    }
    const source = `ip saddr ${nftAddress("ipAddress", address)} oifname != ${nftInterface("network", bridge)}`;
    const rules = (nat.exceptions ?? []).map(
        (exception, index) =>
            `${source} ip daddr ${nftAddress(`outboundNat.exceptions[${index}]`, exception)} snat to ${address} ${nftComment("exception")}`,
    );
    rules.push(
        (nat.enabled ?? true)
            ? `${source} masquerade ${nftComment("masquerade")}`
            : `${source} snat to ${address} ${nftComment("no-nat")}`,
    );
    return replaceTable("ip", table, [
        {
            name: "postrouting",
            base: "type nat hook postrouting priority srcnat - 5; policy accept;",
            rules,
        },
    ]);
}

/** The endpoint's NAT as programmed, in the spec's shape (undefined without a table). */
export function readEndpointNat(
    table: NftTable | undefined,
    wanted: OutboundNat | undefined,
): OutboundNat | undefined {
    if (!table) {
        return undefined;
    }
    const rules = rulesOf(table, "postrouting");
    const exceptions = rules
        .filter((rule) => rule.comment === "exception" && hasStatement(rule, "snat"))
        .flatMap((rule) => decodeAddresses(payloadMatch(rule, "ip", "daddr")?.right));
    const masquerade = rules.some(
        (rule) => rule.comment === "masquerade" && hasStatement(rule, "masquerade"),
    );
    const noNat = rules.some((rule) => rule.comment === "no-nat" && hasStatement(rule, "snat"));
    const enabled = masquerade ? true : noNat ? false : undefined;
    return {
        ...(wanted?.enabled === undefined && enabled === true ? {} : { enabled: enabled ?? false }),
        ...(wanted?.exceptions === undefined && exceptions.length === 0 ? {} : { exceptions }),
    };
}
