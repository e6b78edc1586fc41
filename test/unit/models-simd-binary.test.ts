// The committed module bytes are the .wat compiled afresh, so the two cannot drift apart; and
// runSimd's own checks.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BINARY_PATH, compileSimd, renderBinary } from "../../scripts/build-simd";
import { runSimd } from "../../src/core/models/fused/simdModule";

describe("simdBinary.ts", () => {
  it("is what scripts/build-simd.ts writes from simd.wat", async () => {
    expect(readFileSync(BINARY_PATH, "utf8")).toBe(renderBinary(await compileSimd()));
  });
});

describe("runSimd", () => {
  it("refuses a call with the wrong number of arguments", () => {
    const x = new Float32Array(4);
    // gelu_grad without its Φ input would read from pointer 0.
    expect(() => runSimd("gelu_grad", [x, x], [x], [4], null)).toThrow(/takes 5 arguments, given 4/);
  });

  it("computes on plain arrays through its own memory", () => {
    // GELU at 0 is 0 with Φ(0) = ½; on five entries, one vector and one in the tail.
    const x = Float32Array.from([0, 0, 0, 0, 0]);
    const y = new Float32Array(5).fill(9);
    const cdf = new Float32Array(5);
    runSimd("gelu", [x], [y, cdf], [5], null);
    expect(Array.from(y)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(cdf)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
  });
});
