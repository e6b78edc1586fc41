// RSST regularization strength over the steps of one iteration (DESIGN.md §2).
import type { RstSchedule } from "../types";

/** λ at step `step` of `steps`, with u = (step + 1) / steps. */
export function rsstLambda(
  schedule: RstSchedule,
  lambdaMax: number,
  exponents: number,
  step: number,
  steps: number,
): number {
  const u = (step + 1) / steps;
  switch (schedule) {
    case "x":
      return lambdaMax * u;
    case "x^2":
      return lambdaMax * u ** 2;
    case "x^3":
      return lambdaMax * u ** 3;
    case "exp_custom":
      return (lambdaMax * Math.expm1(u)) / Math.expm1(1);
    case "exp_custom_exponents":
      return (lambdaMax * Math.expm1(u ** exponents)) / Math.expm1(1);
  }
}
