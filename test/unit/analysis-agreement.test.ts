// criterionAgreement: per group kind, the mean over that kind's sets of Spearman's ρ between
// the criterion's importance and the ablation, worked by hand.
import { describe, expect, it } from "vitest";
import { criterionAgreement } from "../../src/core/analysis/iterationAnalysis";
import type { GroupKind, GroupRecord } from "../../src/core/types";

function group(kind: GroupKind, importance: number[], ablation?: (number | null)[]): GroupRecord {
  return {
    kind,
    importance,
    alive: importance.map(() => true),
    density: importance.map(() => 1),
    ...(ablation ? { ablation } : {}),
  };
}

describe("criterionAgreement", () => {
  it("averages ρ over the sets of each kind", () => {
    const agreement = criterionAgreement({
      // Same order: ρ = 1.
      "blocks.0.attn": group("head", [1, 2, 3, 4], [0.1, 0.2, 0.3, 0.4]),
      // Ranks [1, 2, 4, 3] against [1, 2, 3, 4]: ρ = 1 − 6·2/(4·15) = 0.8.
      "blocks.1.attn": group("head", [1, 2, 3, 4], [0.1, 0.2, 0.4, 0.3]),
      // Reversed: ρ = −1.
      "blocks.0.mlp": group("neuron", [1, 2, 3], [3, 2, 1]),
    });
    expect(agreement.head).toBeCloseTo(0.9, 12);
    expect(agreement.neuron).toBeCloseTo(-1, 12);
    expect(Object.keys(agreement).sort()).toEqual(["head", "neuron"]);
  });

  it("skips sets whose ρ is undefined, and is null for a kind with none defined", () => {
    const agreement = criterionAgreement({
      "blocks.0.attn": group("head", [1, 2, 3], [0.3, 0.2, 0.1]),
      // Constant ablation: no variance, ρ undefined, left out of the mean (not counted as 0).
      "blocks.1.attn": group("head", [1, 2, 3], [0.5, 0.5, 0.5]),
      // One live pair only (dead groups are null): undefined.
      "layer1.0.conv1": group("channel", [1, 2], [0.4, null]),
    });
    expect(agreement.head).toBeCloseTo(-1, 12);
    expect(agreement.channel).toBeNull();
  });

  it("leaves out sets that were not ablated, and is empty when none was", () => {
    expect(criterionAgreement({ "blocks.0.mlp": group("neuron", [1, 2, 3]) })).toEqual({});
    expect(
      criterionAgreement({
        "blocks.0.attn": group("head", [3, 1, 2], [0.3, 0.1, 0.2]),
        "blocks.0.mlp": group("neuron", [1, 2, 3]),
      }),
    ).toEqual({ head: 1 });
  });
});
