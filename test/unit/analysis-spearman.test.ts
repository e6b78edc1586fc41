import { describe, expect, it } from "vitest";
import { averageRanks, spearman } from "../../src/core/analysis/spearman";

describe("spearman", () => {
  it("ranks ties by their average rank", () => {
    expect(averageRanks([10, 30, 20, 20])).toEqual([1, 4, 2.5, 2.5]);
  });

  it("is 1 − 6Σd²/(n(n²−1)) for a ranking without ties", () => {
    // ranks of b: [1, 2, 4, 3]; d² = [0, 0, 1, 1]; ρ = 1 − 6·2/(4·15) = 0.8
    expect(spearman([1, 2, 3, 4], [10, 20, 40, 30])).toBeCloseTo(0.8, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it("uses Pearson's r of average ranks under ties", () => {
    // ranks a = [1, 2.5, 2.5, 4], b = [1, 2, 3, 4]: cov 4.5, var 4.5 and 5 → 4.5/√22.5
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
  });

  it("leaves out null pairs, and is null with fewer than 2 pairs or no variance", () => {
    // Without the null pair: [1, 2, 3] against [3, 2, 1] → −1
    expect(spearman([1, 5, 2, 3], [3, null, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2], [1, null])).toBeNull();
    expect(spearman([1, 2, 3], [7, 7, 7])).toBeNull();
  });
});
