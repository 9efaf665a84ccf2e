export * from "./l2BridgeClusterTypes";
export * from "./clusterPlan";
export { validateCluster } from "./clusterValidation";
export * from "./l2BridgeCluster";
export * from "./validationError";
