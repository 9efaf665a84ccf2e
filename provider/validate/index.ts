export * from "./ipv4";
export * from "./cidr";
export * from "./messages";
export * from "./cidrRules";
