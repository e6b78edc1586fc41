import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/core/config";
import { PRESETS } from "../../src/core/presets";
import type { ExperimentConfig } from "../../src/core/types";
import {
  formatReferenceCommand,
  type ReferenceFlag,
  referenceCommand,
  shellWord,
} from "../../src/lib/referenceCommand";

function presetConfig(name: string, overrides: Record<string, unknown> = {}): ExperimentConfig {
  const result = resolveConfig({ ...PRESETS[name]?.config, ...overrides });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
  return result.config;
}

/** Flags shared by every preset below except where a test overrides them. */
const COMMON_TAIL: ReferenceFlag[] = [["--prune_type", "lt"]];

// Expected commands, written out flag by flag from each preset's resolved config: cosine
// decay has no reference equivalent, so --decreasing_lr is `epochs` (no decay inside an
// iteration); mnist and synthetic have no reference loader, so cifar10 stands in.
const EXPECTED: Record<string, { script: string; flags: ReferenceFlag[] }> = {
  "tiny-vit-synthetic": {
    script: "main_imp_fillback.py",
    flags: [
      ["--arch", "vit_tiny"],
      ["--dataset", "cifar10"],
      ["--pruning_times", "3"],
      ["--rate", "0.3"],
      ["--epochs", "3"],
      ["--batch_size", "32"],
      ["--lr", "0.005"],
      ["--momentum", "0.9"],
      ["--weight_decay", "0.05"],
      ["--warmup", "0"],
      ["--decreasing_lr", "3"],
      ...COMMON_TAIL,
      ["--seed", "1"],
      ["--struct", "refill"],
      ["--criteria", "l1"],
      ["--fillback_rate", "0"],
      ["--sorting_mode", "global"],
      ["--reg_granularity_prune", "1"],
      ["--RST_schedule", "exp_custom_exponents"],
      ["--exponents", "4"],
      ["--vit_structured", null],
      ["--vit_prune_target", "head"],
      ["--save_dir", "runs/refill_vit_tiny_cifar10_seed1"],
      ["--init", "runs/refill_vit_tiny_cifar10_seed1/init.pth.tar"],
    ],
  },
  "tiny-resnet-synthetic": {
    script: "main_imp_fillback.py",
    flags: [
      ["--arch", "res20s"],
      ["--dataset", "cifar10"],
      ["--pruning_times", "3"],
      ["--rate", "0.3"],
      ["--epochs", "2"],
      ["--batch_size", "32"],
      ["--lr", "0.002"],
      ["--momentum", "0.9"],
      ["--weight_decay", "0.05"],
      ["--warmup", "1"],
      ["--decreasing_lr", "2"],
      ...COMMON_TAIL,
      ["--seed", "1"],
      ["--struct", "refill"],
      ["--criteria", "l1"],
      ["--fillback_rate", "0"],
      ["--sorting_mode", "global"],
      ["--reg_granularity_prune", "1"],
      ["--RST_schedule", "exp_custom_exponents"],
      ["--exponents", "4"],
      ["--save_dir", "runs/refill_res20s_cifar10_seed1"],
      ["--init", "runs/refill_res20s_cifar10_seed1/init.pth.tar"],
    ],
  },
  "vit-mnist-rsst": {
    script: "main_imp_fillback.py",
    flags: [
      ["--arch", "vit_tiny"],
      ["--dataset", "cifar10"],
      ["--pruning_times", "4"],
      ["--rate", "0.2"],
      ["--epochs", "10"],
      ["--batch_size", "64"],
      ["--lr", "0.003"],
      ["--momentum", "0.9"],
      ["--weight_decay", "0.05"],
      ["--warmup", "1"],
      ["--decreasing_lr", "10"],
      ...COMMON_TAIL,
      ["--seed", "1"],
      ["--struct", "rsst"],
      ["--criteria", "l1"],
      ["--fillback_rate", "0"],
      ["--sorting_mode", "global"],
      ["--reg_granularity_prune", "1"],
      ["--RST_schedule", "exp_custom_exponents"],
      ["--exponents", "4"],
      ["--vit_structured", null],
      ["--vit_prune_target", "head"],
      ["--save_dir", "runs/rsst_vit_tiny_cifar10_seed1"],
      ["--init", "runs/rsst_vit_tiny_cifar10_seed1/init.pth.tar"],
    ],
  },
  "vit-mnist-refill": {
    script: "main_imp_fillback.py",
    flags: [
      ["--arch", "vit_tiny"],
      ["--dataset", "cifar10"],
      ["--pruning_times", "4"],
      ["--rate", "0.2"],
      ["--epochs", "10"],
      ["--batch_size", "64"],
      ["--lr", "0.003"],
      ["--momentum", "0.9"],
      ["--weight_decay", "0.05"],
      ["--warmup", "1"],
      ["--decreasing_lr", "10"],
      ...COMMON_TAIL,
      ["--seed", "1"],
      ["--struct", "refill"],
      ["--criteria", "l1"],
      ["--fillback_rate", "0"],
      ["--sorting_mode", "global"],
      ["--reg_granularity_prune", "1"],
      ["--RST_schedule", "exp_custom_exponents"],
      ["--exponents", "4"],
      ["--vit_structured", null],
      ["--vit_prune_target", "head"],
      ["--save_dir", "runs/refill_vit_tiny_cifar10_seed1"],
      ["--init", "runs/refill_vit_tiny_cifar10_seed1/init.pth.tar"],
    ],
  },
  "resnet-mnist-refill": {
    script: "main_imp_fillback.py",
    flags: [
      ["--arch", "res20s"],
      ["--dataset", "cifar10"],
      ["--pruning_times", "4"],
      ["--rate", "0.2"],
      ["--epochs", "10"],
      ["--batch_size", "64"],
      ["--lr", "0.05"],
      ["--momentum", "0.9"],
      ["--weight_decay", "0.0005"],
      ["--warmup", "1"],
      ["--decreasing_lr", "10"],
      ...COMMON_TAIL,
      ["--seed", "1"],
      ["--struct", "refill"],
      ["--criteria", "l1"],
      ["--fillback_rate", "0"],
      ["--sorting_mode", "global"],
      ["--reg_granularity_prune", "1"],
      ["--RST_schedule", "exp_custom_exponents"],
      ["--exponents", "4"],
      ["--save_dir", "runs/refill_res20s_cifar10_seed1"],
      ["--init", "runs/refill_res20s_cifar10_seed1/init.pth.tar"],
    ],
  },
  "vit-mnist-dense": {
    script: "main_imp.py",
    flags: [
      ["--arch", "vit_tiny"],
      ["--dataset", "cifar10"],
      ["--pruning_times", "1"],
      ["--rate", "0.2"],
      ["--epochs", "20"],
      ["--batch_size", "64"],
      ["--lr", "0.002"],
      ["--momentum", "0.9"],
      ["--weight_decay", "0.05"],
      ["--warmup", "1"],
      ["--decreasing_lr", "20"],
      ...COMMON_TAIL,
      ["--seed", "1"],
      ["--save_dir", "runs/imp_vit_tiny_cifar10_seed1"],
      ["--init", "runs/imp_vit_tiny_cifar10_seed1/init.pth.tar"],
    ],
  },
};

describe("the reference command of each preset, flag by flag", () => {
  it("has an expected command for every preset", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PRESETS).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, () => {
      const command = referenceCommand(presetConfig(name));
      expect(command.script).toBe(expected.script);
      expect(command.flags).toEqual(expected.flags);
    });
  }
});

describe("config keys whose reference flag takes a translated value", () => {
  const flag = (config: ExperimentConfig, name: string) =>
    referenceCommand(config).flags.filter(([f]) => f === name);

  it("rewinds to epoch k with --prune_type rewind_lt --rewind_epoch k", () => {
    const command = referenceCommand(presetConfig("vit-mnist-rsst", { rewindEpoch: 2 }));
    const index = command.flags.findIndex(([f]) => f === "--prune_type");
    expect(command.flags.slice(index, index + 2)).toEqual([
      ["--prune_type", "rewind_lt"],
      ["--rewind_epoch", "2"],
    ]);
  });

  it("spells layerwise sorting as layer-wise and keeps milestones", () => {
    const config = presetConfig("vit-mnist-rsst", { sortingMode: "layerwise", decreasingLr: "2,3" });
    expect(flag(config, "--sorting_mode")).toEqual([["--sorting_mode", "layer-wise"]]);
    expect(flag(config, "--decreasing_lr")).toEqual([["--decreasing_lr", "2,3"]]);
  });

  it("passes the datasets and the ResNet the reference knows unchanged, without a note", () => {
    const resnet20 = presetConfig("resnet-mnist-refill", { model: { depth: 20, width: 16 } });
    // cifar100 is a loaded dataset here, so it is set after validation.
    const command = referenceCommand({ ...resnet20, dataset: "cifar100" });
    expect(command.flags).toContainEqual(["--arch", "res20s"]);
    expect(command.flags).toContainEqual(["--dataset", "cifar100"]);
    expect(command.notes.some((note) => note.includes("has no loader"))).toBe(false);
    expect(command.notes.some((note) => note.includes("model has no flags"))).toBe(false);
  });

  it("picks the reference ViT by width", () => {
    const wide = presetConfig("vit-mnist-rsst", { model: { depth: 4, embedDim: 256, numHeads: 4 } });
    expect(flag(wide, "--arch")).toEqual([["--arch", "vit_small"]]);
  });

  it("notes what the command cannot say", () => {
    const notes = referenceCommand(presetConfig("tiny-vit-synthetic")).notes.join("\n");
    expect(notes).toMatch(/dataset "synthetic" has no loader/);
    expect(notes).toMatch(/optimizer adamw has no flag/);
    expect(notes).toMatch(/cosine has no equivalent/);
    expect(notes).toMatch(/headBudget density has no flag/);
    const sgdRatio = presetConfig("vit-mnist-refill", { optimizer: "sgd", headBudget: "ratio" });
    const sgdNotes = referenceCommand(sgdRatio).notes.join("\n");
    expect(sgdNotes).not.toMatch(/optimizer/);
    expect(sgdNotes).not.toMatch(/headBudget/);
  });
});

describe("the command line", () => {
  it("continues one flag per line and quotes only words a shell would change", () => {
    const text = formatReferenceCommand({
      script: "main_imp_fillback.py",
      flags: [
        ["--RST_schedule", "x^2"],
        ["--vit_structured", null],
        ["--decreasing_lr", "6,9"],
      ],
      notes: [],
    });
    expect(text).toBe(
      "python main_imp_fillback.py \\\n  --RST_schedule 'x^2' \\\n  --vit_structured \\\n  --decreasing_lr 6,9",
    );
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
  });
});
