export * from "./expand";
export * from "./pareto";
export * from "./points";
export * from "./result";
export * from "./spec";
