import { describe, expect, it } from "vitest";
import { rsstLambda } from "../../src/core/prune";

// λmax = 2, exponents k = 3, 4 steps: step 1 gives u = 2/4 = 0.5, step 3 gives u = 1.
// e − 1 = 1.718281828…, e^0.5 − 1 = 0.648721270…, e^0.125 − 1 = 0.133148453….
describe("rsstLambda", () => {
  const cases: [Parameters<typeof rsstLambda>[0], number, number][] = [
    ["x", 2 * 0.5, 2],
    ["x^2", 2 * 0.25, 2],
    ["x^3", 2 * 0.125, 2],
    ["exp_custom", 0.755081337596291, 2], // 2·0.648721270/1.718281828
    ["exp_custom_exponents", 0.1549785964811533, 2], // 2·(e^(0.5³) − 1)/(e − 1)
  ];
  for (const [schedule, atHalf, atEnd] of cases) {
    it(`${schedule} at u = 0.5 and u = 1`, () => {
      expect(rsstLambda(schedule, 2, 3, 1, 4)).toBeCloseTo(atHalf, 12);
      expect(rsstLambda(schedule, 2, 3, 3, 4)).toBeCloseTo(atEnd, 12);
    });
  }

  it("grows from the first step (u = 1/steps, not 0)", () => {
    expect(rsstLambda("x", 2, 3, 0, 4)).toBe(0.5);
  });
});
