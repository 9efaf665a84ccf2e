export * from "./azureRouteTableTypes";
export * from "./azureRouteTable";
export * from "./l2BridgeClusterTypes";
export * from "./clusterPlan";
export { validateCluster } from "./clusterValidation";
export * from "./l2BridgeCluster";
export * from "./windowsContainerHostTypes";
export * from "./windowsContainerHost";
export * from "./validationError";
