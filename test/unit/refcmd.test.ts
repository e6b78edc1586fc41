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
  "pretrained-vit-mnist": {
    script: "main_imp_fillback.py",
    flags: [
      ["--arch", "vit_tiny"],
      ["--dataset", "cifar10"],
      ["--pruning_times", "5"],
      ["--rate", "0.2"],
      ["--epochs", "2"],
      ["--batch_size", "64"],
      ["--lr", "0.0003"],
      ["--momentum", "0.9"],
      ["--weight_decay", "0.05"],
      ["--warmup", "0"],
      ["--decreasing_lr", "2"],
      ...COMMON_TAIL,
      ["--seed", "1"],
      ["--struct", "refill"],
      ["--criteria", "l1"],
      ["--fillback_rate", "0"],
      ["--sorting_mode", "layer-wise"],
      ["--reg_granularity_prune", "1"],
      ["--RST_schedule", "exp_custom_exponents"],
      ["--exponents", "4"],
      ["--vit_structured", null],
      ["--vit_prune_target", "head"],
      ["--save_dir", "runs/refill_vit_tiny_cifar10_seed1"],
      ["--init", "runs/refill_vit_tiny_cifar10_seed1/init.pth.tar"],
    ],
  },
  "pretrained-resnet-mnist": {
    script: "main_imp_fillback.py",
    flags: [
      ["--arch", "res20s"],
      ["--dataset", "cifar10"],
      ["--pruning_times", "5"],
      ["--rate", "0.2"],
      ["--epochs", "2"],
      ["--batch_size", "64"],
      ["--lr", "0.01"],
      ["--momentum", "0.9"],
      ["--weight_decay", "0.0005"],
      ["--warmup", "0"],
      ["--decreasing_lr", "2"],
      ...COMMON_TAIL,
      ["--seed", "1"],
      ["--struct", "refill"],
      ["--criteria", "l1"],
      ["--fillback_rate", "0"],
      ["--sorting_mode", "layer-wise"],
      ["--reg_granularity_prune", "1"],
      ["--RST_schedule", "exp_custom_exponents"],
      ["--exponents", "4"],
      ["--save_dir", "runs/refill_res20s_cifar10_seed1"],
      ["--init", "runs/refill_res20s_cifar10_seed1/init.pth.tar"],
    ],
  },
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
      ["--sorting_mode", "layer-wise"],
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
      ["--sorting_mode", "layer-wise"],
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
      ["--sorting_mode", "layer-wise"],
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
      ["--sorting_mode", "layer-wise"],
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
      ["--sorting_mode", "layer-wise"],
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

  it("keeps milestones", () => {
    const config = presetConfig("vit-mnist-rsst", { decreasingLr: "2,3" });
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
    expect(sgdNotes).not.toMatch(/optimizer adamw/);
    expect(sgdNotes).not.toMatch(/headBudget ratio/);
  });
});

describe("sortingMode and the reference's --sorting_mode", () => {
  it("always passes layer-wise (the lab ranks heads and neurons per block), whatever the lab's weight ranking", () => {
    for (const sortingMode of ["global", "layerwise"]) {
      const command = referenceCommand(presetConfig("vit-mnist-rsst", { sortingMode }));
      expect(command.flags.filter(([f]) => f === "--sorting_mode")).toEqual([
        ["--sorting_mode", "layer-wise"],
      ]);
      expect(command.keysWithoutFlag).toContain("sortingMode");
      expect(command.flagsThatDiffer).toContain("--sorting_mode");
    }
    const layerwise = referenceCommand(
      presetConfig("vit-mnist-rsst", { sortingMode: "layerwise" }),
    ).notes.join("\n");
    expect(layerwise).toMatch(
      /sortingMode layerwise \(the lab's weight ranking\) has no flag: the reference always ranks weights globally, so/,
    );
    expect(layerwise).toMatch(/--sorting_mode layer-wise is not the lab's sortingMode/);
  });
});

describe("which keys have no flag and which flags mean something else", () => {
  it("lists them in the first two notes", () => {
    const command = referenceCommand(presetConfig("vit-mnist-rsst"));
    // vit-mnist-rsst: RSST on a ViT with l1, weight decay 0.05.
    expect(command.flagsThatDiffer).toEqual([
      "--weight_decay",
      "--sorting_mode",
      "--reg_granularity_prune",
      "--RST_schedule",
    ]);
    expect(command.notes[0]).toBe(
      "Lab keys with no reference flag: model, trainSize, testSize, optimizer, augment, criteriaBatches, sortingMode, " +
        "finalTrain, finalEpochs, init, attentionImages, ablateAll, backend, headBudget.",
    );
    expect(command.notes[1]).toBe(
      "Reference flags that mean something else than the lab key they come from: --weight_decay, --sorting_mode, --reg_granularity_prune, --RST_schedule.",
    );
  });

  it("says RSST's λ schedule restarts every epoch there and its pull is not the same number", () => {
    const notes = referenceCommand(presetConfig("vit-mnist-rsst")).notes.join("\n");
    expect(notes).toMatch(
      /--reg_granularity_prune 1 differs: the lab's regGranularityPrune is λmax over an iteration/,
    );
    expect(notes).toMatch(/--RST_schedule exp_custom_exponents differs: .* restarts every epoch/);
    // Refill has no pull: no such notes.
    const refill = referenceCommand(presetConfig("vit-mnist-refill"));
    expect(refill.flagsThatDiffer).not.toContain("--RST_schedule");
  });

  it("flags ViT criteria the reference computes otherwise, and RSST's fixed fill-back", () => {
    const saliency = referenceCommand(presetConfig("vit-mnist-refill", { criteria: "saliency" }));
    expect(saliency.notes).toContain(
      "--criteria saliency differs: the reference's ViT saliency falls back to magnitude.",
    );
    expect(saliency.flagsThatDiffer).toContain("--criteria");
    const resnetSaliency = referenceCommand(presetConfig("resnet-mnist-refill", { criteria: "saliency" }));
    expect(resnetSaliency.flagsThatDiffer).not.toContain("--criteria");
    const fillback = referenceCommand(presetConfig("vit-mnist-rsst", { fillbackRate: 0.1 }));
    expect(fillback.flagsThatDiffer).toContain("--fillback_rate");
    expect(
      referenceCommand(presetConfig("vit-mnist-refill", { fillbackRate: 0.1 })).flagsThatDiffer,
    ).not.toContain("--fillback_rate");
  });

  it("points a rewound final ticket at main_eval_fillback.py, and IMP at its missing structure flags", () => {
    const rewind = referenceCommand(presetConfig("vit-mnist-refill", { finalTrain: "rewind" })).notes.join(
      "\n",
    );
    expect(rewind).toMatch(
      /finalTrain rewind has no flag: .*main_eval_fillback\.py\), which the lab's rewind mirrors/,
    );
    const finetune = referenceCommand(
      presetConfig("vit-mnist-refill", { finalTrain: "finetune" }),
    ).notes.join("\n");
    expect(finetune).toMatch(/finalTrain finetune has no equivalent/);
    const imp = referenceCommand(presetConfig("vit-mnist-dense"));
    expect(imp.keysWithoutFlag).toEqual(
      expect.arrayContaining(["struct", "criteria", "regGranularityPrune", "headBudget"]),
    );
    expect(imp.flagsThatDiffer).toEqual(["--weight_decay"]);
    expect(referenceCommand(presetConfig("vit-mnist-dense", { weightDecay: 0 })).flagsThatDiffer).toEqual([]);
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
      keysWithoutFlag: [],
      flagsThatDiffer: [],
      notes: [],
    });
    expect(text).toBe(
      "python main_imp_fillback.py \\\n  --RST_schedule 'x^2' \\\n  --vit_structured \\\n  --decreasing_lr 6,9",
    );
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
  });

  it("carries the notes as comments above the command", () => {
    const command = referenceCommand(presetConfig("vit-mnist-rsst"));
    const lines = formatReferenceCommand(command).split("\n");
    expect(lines.slice(0, command.notes.length)).toEqual(command.notes.map((note) => `# ${note}`));
    expect(lines[command.notes.length]).toBe("python main_imp_fillback.py \\");
  });
});
