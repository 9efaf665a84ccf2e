export * from "./components/azureRouteTableTypes";
export * from "./components/azureRouteTable";
export { AzureL2BridgeCluster as L2BridgeCluster } from "./components/azureL2BridgeCluster";
export * from "./components/windowsContainerHostTypes";
export * from "./components/windowsContainerHost";
