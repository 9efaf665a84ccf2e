export * from "./sdk";
export * from "./components";
