// The reference command's notes, case by case: each note appears exactly when the config has
// what it is about, and the flags whose meaning differs are listed once in the summary.
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, resolveConfig } from "../../src/core/config";
import type { ExperimentConfig } from "../../src/core/types";
import { referenceCommand } from "../../src/lib/referenceCommand";

function config(fields: Record<string, unknown>): ExperimentConfig {
  const resolved = resolveConfig({ ...DEFAULT_CONFIG, ...fields });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
  return resolved.config;
}

const notesOf = (fields: Record<string, unknown>) => referenceCommand(config(fields)).notes;
const has = (fields: Record<string, unknown>, text: string) =>
  notesOf(fields).some((note) => note.includes(text));

describe("notes on keys without flags", () => {
  it("names the split sizes the reference does not take", () => {
    expect(notesOf({ trainSize: 512, testSize: 128 })).toContain(
      "trainSize (512) and testSize (128) have no flags: the reference uses the dataset's whole splits.",
    );
  });

  it("adamw, augment false, criteriaBatches other than 1 and seed 0, each only when so", () => {
    expect(has({ optimizer: "adamw" }, "optimizer adamw has no flag")).toBe(true);
    expect(has({ optimizer: "sgd" }, "optimizer adamw has no flag")).toBe(false);
    expect(has({ augment: false }, "augment false has no flag")).toBe(true);
    expect(has({ augment: true }, "augment false has no flag")).toBe(false);
    expect(notesOf({ criteriaBatches: 3 })).toContain("criteriaBatches (3) has no flag in the reference.");
    expect(has({ criteriaBatches: 1 }, "criteriaBatches (")).toBe(false);
    expect(notesOf({ seed: 0 })).toContain("the reference seeds only when --seed is not 0.");
    expect(has({ seed: 1 }, "seeds only when")).toBe(false);
  });

  it("a fractional warm-up or exponent is named as read as an integer there", () => {
    expect(notesOf({ warmup: 0.5 })).toContain("the reference reads --warmup as an integer; 0.5 is not one.");
    expect(has({ warmup: 1 }, "--warmup as an integer")).toBe(false);
    expect(notesOf({ struct: "rsst", exponents: 2.5 })).toContain(
      "the reference reads --exponents as an integer; 2.5 is not one.",
    );
  });
});

describe("notes on the weight ranking and the final ticket", () => {
  it("says a per-layer ranking has no equivalent, and a global one only that it has no flag", () => {
    expect(
      has({ sortingMode: "layerwise" }, "so this run's per-layer weight ranking has no equivalent."),
    ).toBe(true);
    expect(notesOf({ sortingMode: "global" })).toContain(
      "sortingMode global (the lab's weight ranking) has no flag: the reference always ranks weights globally.",
    );
  });

  it("weight decay differs only when there is some, and is then a differing flag", () => {
    const decayed = referenceCommand(config({ weightDecay: 0.05 }));
    expect(decayed.flagsThatDiffer).toContain("--weight_decay");
    expect(decayed.notes.some((n) => n.startsWith("--weight_decay differs"))).toBe(true);
    const plain = referenceCommand(config({ weightDecay: 0 }));
    expect(plain.flagsThatDiffer).not.toContain("--weight_decay");
    expect(plain.notes.some((n) => n.startsWith("--weight_decay differs"))).toBe(false);
  });

  it("points a rewind at main_eval_fillback.py, and calls other final trainings without equivalent", () => {
    expect(has({ finalTrain: "rewind" }, "finalTrain rewind has no flag")).toBe(true);
    expect(notesOf({ finalTrain: "finetune" })).toContain(
      "finalTrain finetune has no equivalent: the reference's final ticket is retrained from θ0 by a separate script (main_eval_fillback.py).",
    );
    expect(has({ finalTrain: "none" }, "finalTrain none has no equivalent")).toBe(true);
  });
});

describe("notes on the structure flags", () => {
  it("plain IMP runs main_imp.py with its own note and none on structure", () => {
    const imp = referenceCommand(config({ struct: "imp" }));
    expect(imp.script).toBe("main_imp.py");
    expect(imp.notes.some((n) => n.startsWith("struct imp runs in the reference's main_imp.py"))).toBe(true);
    expect(imp.notes.some((n) => n.startsWith("--sorting_mode layer-wise"))).toBe(false);
    expect(imp.flagsThatDiffer).not.toContain("--sorting_mode");
  });

  it("a head budget other than the arch's is named: ratio for a ViT, density for a ResNet", () => {
    expect(
      has(
        { arch: "vit", struct: "refill", headBudget: "density" },
        "headBudget density has no flag: the reference's ViT refill keeps groups by ratio.",
      ),
    ).toBe(true);
    expect(has({ arch: "vit", struct: "refill", headBudget: "ratio" }, "headBudget ratio has no flag")).toBe(
      false,
    );
    const resnet = { arch: "resnet", model: { depth: 8, width: 16 }, struct: "refill" };
    expect(
      has(
        { ...resnet, headBudget: "ratio" },
        "headBudget ratio has no flag: the reference's ResNet refill keeps groups by density.",
      ),
    ).toBe(true);
    expect(has({ ...resnet, headBudget: "density" }, "headBudget density has no flag")).toBe(false);
  });

  it("the ViT's criteria: saliency, remain and magnitude differ; l1 and l2 only say what is measured", () => {
    for (const [criteria, text] of [
      ["saliency", "the reference's ViT saliency falls back to magnitude"],
      ["remain", "the reference's ViT remain counts the surviving qkv rows only"],
      ["magnitude", "the reference's ViT magnitude sums the qkv rows only"],
    ] as const) {
      const command = referenceCommand(config({ arch: "vit", struct: "refill", criteria }));
      expect(command.notes).toContain(`--criteria ${criteria} differs: ${text}.`);
      expect(command.flagsThatDiffer).toContain("--criteria");
    }
    const l2 = referenceCommand(config({ arch: "vit", struct: "refill", criteria: "l2" }));
    expect(l2.notes).toContain(
      "--criteria l2: the reference measures heads on the qkv output and neurons on fc1 before GELU.",
    );
    expect(l2.flagsThatDiffer).not.toContain("--criteria");
    const resnet = referenceCommand(
      config({ arch: "resnet", model: { depth: 8, width: 16 }, struct: "refill", criteria: "saliency" }),
    );
    expect(resnet.notes.some((n) => n.startsWith("--criteria"))).toBe(false);
  });

  it("MLP-only ViT pruning is named, and RSST's λ, schedule and fill-back rate differ", () => {
    expect(
      has(
        { arch: "vit", struct: "refill", vitPruneTarget: "mlp" },
        "--vit_prune_target mlp only as part of both",
      ),
    ).toBe(true);
    expect(has({ arch: "vit", struct: "refill", vitPruneTarget: "both" }, "--vit_prune_target mlp")).toBe(
      false,
    );
    const rsst = referenceCommand(
      config({ struct: "rsst", regGranularityPrune: 7, rstSchedule: "x^2", fillbackRate: 0.1 }),
    );
    expect(rsst.notes.some((n) => n.startsWith("--reg_granularity_prune 7 differs"))).toBe(true);
    expect(rsst.notes.some((n) => n.startsWith("--RST_schedule x^2 differs"))).toBe(true);
    expect(rsst.notes).toContain(
      "fillbackRate 0.1 has no effect there: the reference's RSST hard-codes a fill-back rate of 0.",
    );
    expect(rsst.flagsThatDiffer).toEqual(
      expect.arrayContaining([
        "--sorting_mode",
        "--reg_granularity_prune",
        "--RST_schedule",
        "--fillback_rate",
      ]),
    );
    const noFill = referenceCommand(config({ struct: "rsst", fillbackRate: 0 }));
    expect(noFill.flagsThatDiffer).not.toContain("--fillback_rate");
    const refill = referenceCommand(config({ struct: "refill", fillbackRate: 0.1 }));
    expect(refill.flagsThatDiffer).not.toContain("--RST_schedule");
    expect(refill.notes.some((n) => n.startsWith("fillbackRate"))).toBe(false);
  });

  it("the summary lists the keys without flag first, and the differing flags once, second", () => {
    const command = referenceCommand(config({ struct: "rsst", weightDecay: 0.05 }));
    expect(command.notes[0]).toBe(`Lab keys with no reference flag: ${command.keysWithoutFlag.join(", ")}.`);
    expect(command.notes[1]).toBe(
      `Reference flags that mean something else than the lab key they come from: ${command.flagsThatDiffer.join(", ")}.`,
    );
    expect(command.keysWithoutFlag[0]).toBe("model");
    expect(command.keysWithoutFlag).toEqual(
      expect.arrayContaining(["trainSize", "optimizer", "headBudget", "backend"]),
    );
    const none = referenceCommand(config({ struct: "imp", weightDecay: 0 }));
    expect(none.notes[1]?.startsWith("Reference flags that mean")).toBe(false);
  });
});

describe("notes on the model and the learning-rate schedule", () => {
  const archFlag = (fields: Record<string, unknown>) =>
    referenceCommand(config(fields)).flags.find(([flag]) => flag === "--arch")?.[1];

  it("takes the narrowest reference ViT at least as wide, 192 itself included", () => {
    const vit = (embedDim: number) => ({ arch: "vit", model: { depth: 2, embedDim, numHeads: 4 } });
    expect(archFlag(vit(192))).toBe("vit_tiny");
    expect(archFlag(vit(196))).toBe("vit_small");
    expect(archFlag(vit(512))).toBe("vit_base");
    expect(notesOf(vit(192))).toContain(
      "model has no flags: the reference's vit_tiny has its own shape (embed 192, depth 9, 3 heads, patch 4); " +
        "this run's ViT has embed 192, depth 2, 4 heads, patch 7, MLP ratio 2.",
    );
  });

  it("names a ResNet other than ResNet-20 of width 16, by depth or by width", () => {
    const resnet = (depth: number, width: number) => ({ arch: "resnet", model: { depth, width } });
    expect(notesOf(resnet(8, 16))).toContain(
      "model has no flags: the reference's res20s is ResNet-20 of width 16; this run's is ResNet-8 of width 16.",
    );
    expect(has(resnet(20, 8), "this run's is ResNet-20 of width 8.")).toBe(true);
    expect(has(resnet(20, 16), "model has no flags")).toBe(false);
  });

  it("no decay is a milestone at the last epoch, without a note; milestones lose their spaces", () => {
    const milestones = (fields: Record<string, unknown>) =>
      referenceCommand(config(fields)).flags.find(([flag]) => flag === "--decreasing_lr")?.[1];
    expect(milestones({ decreasingLr: "none", epochs: 7 })).toBe("7");
    expect(has({ decreasingLr: "none" }, "decreasingLr")).toBe(false);
    expect(milestones({ decreasingLr: "2, 5", epochs: 7 })).toBe("2,5");
    expect(milestones({ decreasingLr: "cosine", epochs: 7 })).toBe("7");
  });

  it("the MLP-only note is the ViT's: a ResNet with vitPruneTarget mlp gets none", () => {
    const mlp = { struct: "refill", vitPruneTarget: "mlp" };
    expect(has({ ...mlp, arch: "vit" }, "--vit_prune_target mlp")).toBe(true);
    expect(has({ ...mlp, arch: "resnet", model: { depth: 8, width: 16 } }, "--vit_prune_target mlp")).toBe(
      false,
    );
  });

  it("says how the reference's --sorting_mode differs, whenever there is structure", () => {
    expect(notesOf({ struct: "refill" })).toContain(
      "--sorting_mode layer-wise is not the lab's sortingMode: in the reference it chooses whether heads and neurons " +
        "are ranked per block (layer-wise) or across blocks (global); the lab ranks them per block, hence layer-wise.",
    );
  });
});
