import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kthSmallest } from "../../src/core/prune/select";

describe("kthSmallest", () => {
  it("picks the k-th value of the sorted order", () => {
    expect(kthSmallest(Float32Array.from([0.5, 0.1, 0.9, 0.3, 0.7]), 0)).toBeCloseTo(0.1, 6);
    expect(kthSmallest(Float32Array.from([0.5, 0.1, 0.9, 0.3, 0.7]), 3)).toBeCloseTo(0.7, 6);
    expect(kthSmallest(Float32Array.from([2, 2, 2, 1, 2]), 1)).toBe(2);
    expect(() => kthSmallest(new Float32Array(2), 2)).toThrow(RangeError);
  });

  it("agrees with sorting on arbitrary arrays, duplicates included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 200 }),
        fc.nat(),
        (ints, pick) => {
          const values = Float32Array.from(ints, (v) => v / 4);
          const k = pick % values.length;
          const expected = values.slice().sort()[k];
          expect(kthSmallest(values.slice(), k)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
