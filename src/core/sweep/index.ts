export * from "./eta";
export * from "./expand";
export * from "./pareto";
export * from "./points";
export * from "./pool";
export * from "./result";
export * from "./spec";
