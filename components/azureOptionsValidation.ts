/** Validation of `AzureRouteTableOptions`: subnet association form, table name and route mode. */
import type { AzureRouteTableOptions } from "./azureRouteTableTypes";

const routeTableNamePattern = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;

const subnetIdPattern =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i;

/** The parts of a subnet resource ID. */
export interface SubnetIdParts {
    subscriptionId: string;
    resourceGroupName: string;
    virtualNetworkName: string;
    subnetName: string;
}

/** Splits a subnet resource ID; `undefined` when it is not one. */
export function parseSubnetId(subnetId: string): SubnetIdParts | undefined {
    const match = subnetIdPattern.exec(subnetId);
    if (!match) {
        return undefined;
    }
    return {
        subscriptionId: match[1],
        resourceGroupName: match[2],
        virtualNetworkName: match[3],
        subnetName: match[4],
    };
}

/** The problem text for a subnet ID that does not parse. */
export function subnetIdProblem(field: string, subnetId: string): string {
    return `${field}: "${subnetId}" is not a subnet resource ID; use "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>"`;
}

/**
 * Checks the Azure options. `field` prefixes every message (`azure` inside a cluster, `""` alone).
 * Values that are outputs are checked later, when known.
 * @returns every problem found
 */
export function validateAzureOptions(options: AzureRouteTableOptions, field: string): string[] {
    const problems: string[] = [];
    const at = (name: string) => (field ? `${field}.${name}` : name);
    const hasId = options.subnetId !== undefined;
    const hasNames = options.virtualNetworkName !== undefined || options.subnetName !== undefined;
    if (hasId && hasNames) {
        problems.push(
            `${at("subnetId")}: given together with virtualNetworkName/subnetName; give either subnetId or virtualNetworkName + subnetName`,
        );
    } else if (
        !hasId &&
        (options.virtualNetworkName === undefined) !== (options.subnetName === undefined)
    ) {
        const missing =
            options.virtualNetworkName === undefined ? "virtualNetworkName" : "subnetName";
        problems.push(`${at(missing)}: missing; virtualNetworkName and subnetName go together`);
    } else if (!hasId && !hasNames) {
        problems.push(
            `${at("subnetId")}: no subnet given; give subnetId or virtualNetworkName + subnetName so the route table is associated with the hosts' subnet`,
        );
    }
    if (typeof options.subnetId === "string" && !parseSubnetId(options.subnetId)) {
        problems.push(subnetIdProblem(at("subnetId"), options.subnetId));
    }
    if (
        options.routeTableName !== undefined &&
        !routeTableNamePattern.test(options.routeTableName)
    ) {
        problems.push(
            `${at("routeTableName")}: "${options.routeTableName}" is not a valid Azure name; use 1..80 letters, digits, "_", "." and "-", starting with a letter or digit and ending with a letter, digit or "_"`,
        );
    }
    if (
        options.routeMode !== undefined &&
        options.routeMode !== "inline" &&
        options.routeMode !== "standalone"
    ) {
        problems.push(
            `${at("routeMode")}: ${JSON.stringify(options.routeMode)} is not a route mode; use "inline" or "standalone"`,
        );
    }
    return problems;
}
