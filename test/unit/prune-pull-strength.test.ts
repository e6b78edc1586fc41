// pulledWeightKept: the share of its size a pulled weight with no gradient keeps over one RSST
// iteration, worked by hand on two-step iterations, and the defaults held to a pull that bites.
import { describe, expect, it } from "vitest";
import { describePull, pulledWeightKept } from "../../src/core/prune/pullStrength";
import { validConfig } from "./fixtures/configs";

// Two steps at a constant lr of 0.1; the linear schedule gives λ = λmax·(s+1)/2 = 0.5, then 1.
const TWO_STEPS = {
  lr: 0.1,
  warmup: 0,
  decreasingLr: "none",
  epochs: 1,
  trainSize: 128,
  batchSize: 64,
  rstSchedule: "x",
  regGranularityPrune: 1,
  exponents: 4,
} as const;

describe("pulledWeightKept", () => {
  it("multiplies (1 − lr·λ) per step under AdamW: (1 − 0.05)(1 − 0.1) = 0.855", () => {
    expect(pulledWeightKept({ ...TWO_STEPS, optimizer: "adamw", momentum: 0.9 })).toBeCloseTo(0.855, 12);
  });

  it("steps λ·w through SGD's momentum: v = 0.5, w = 0.95; v = 0.5·0.5 + 0.95 = 1.2, w = 0.83", () => {
    expect(pulledWeightKept({ ...TWO_STEPS, optimizer: "sgd", momentum: 0.5 })).toBeCloseTo(0.83, 12);
  });

  it("follows the lr schedule: a warm-up of the only epoch halves the first step's lr", () => {
    // Warm-up over 2 steps: lr = 0.05, then 0.1 → (1 − 0.025)(1 − 0.1) = 0.8775.
    const warm = { ...TWO_STEPS, optimizer: "adamw", momentum: 0, warmup: 1 } as const;
    expect(pulledWeightKept(warm)).toBeCloseTo(0.8775, 12);
  });

  it("with the defaults, RSST shrinks a weight without gradient below 10% in an iteration", () => {
    const defaults = validConfig({ arch: "vit", dataset: "mnist", struct: "rsst" });
    expect(pulledWeightKept(defaults)).toBeLessThan(0.1);
    // A λ that rises late (k = 4) while the cosine schedule takes lr to zero barely pulls: this
    // is why the defaults are a linear λ.
    const late = { ...defaults, rstSchedule: "exp_custom_exponents", exponents: 4 } as const;
    expect(pulledWeightKept(late)).toBeGreaterThan(0.6);
  });
});

describe("describePull", () => {
  it("gives the kept share, and says when the pull is weak", () => {
    // 0.855 of the two-step AdamW example: 86%, weak.
    expect(describePull({ ...TWO_STEPS, optimizer: "adamw", momentum: 0 })).toBe(
      "RSST's pull alone leaves a weight outside the structure at 86% of its size over an iteration — a weak pull: raise λ max or choose a λ that rises earlier.",
    );
    // λmax 10: λ = 5, then 10: (1 − 0.1·5)(1 − 0.1·10) = 0 → 0.0%, not weak.
    expect(describePull({ ...TWO_STEPS, optimizer: "adamw", momentum: 0, regGranularityPrune: 10 })).toBe(
      "RSST's pull alone leaves a weight outside the structure at 0.0% of its size over an iteration.",
    );
    // λmax 14: λ = 7, then 14: (1 − 0.7)(1 − 1.4) = −0.12, a step past zero.
    expect(describePull({ ...TWO_STEPS, optimizer: "adamw", momentum: 0, regGranularityPrune: 14 })).toBe(
      "RSST's pull alone leaves a weight outside the structure at 12% of its size over an iteration — and past zero: lr·λ is too large a step, lower λ max.",
    );
  });
});
