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

/** One preset's expected command: the values its resolved config gives the flags that vary. */
type Expected = readonly [
  preset: string,
  arch: "vit_tiny" | "res20s",
  pruningTimes: string,
  rate: string,
  epochs: string,
  batchSize: string,
  lr: string,
  weightDecay: string,
  warmup: string,
  /** The --struct flag, or "imp" for main_imp.py, which has no structure flags. */
  struct: "refill" | "rsst" | "imp",
];

// Cosine decay has no reference equivalent, so --decreasing_lr is `epochs` (no decay inside an
// iteration); mnist and synthetic have no reference loader, so cifar10 stands in.
// Columns: preset, arch, pruning times, rate, epochs, batch size, lr, weight decay, warmup, struct.
const EXPECTED: Expected[] = [
  ["pretrained-vit-mnist", "vit_tiny", "5", "0.2", "2", "64", "0.0003", "0.05", "0", "refill"],
  ["pretrained-resnet-mnist", "res20s", "5", "0.2", "2", "64", "0.01", "0.0005", "0", "refill"],
  ["tiny-vit-synthetic", "vit_tiny", "3", "0.3", "3", "32", "0.005", "0.05", "0", "refill"],
  ["tiny-resnet-synthetic", "res20s", "3", "0.3", "2", "32", "0.002", "0.05", "1", "refill"],
  ["vit-mnist-rsst", "vit_tiny", "4", "0.2", "10", "64", "0.003", "0.05", "1", "rsst"],
  ["vit-mnist-refill", "vit_tiny", "4", "0.2", "10", "64", "0.003", "0.05", "1", "refill"],
  ["resnet-mnist-refill", "res20s", "4", "0.2", "10", "64", "0.05", "0.0005", "1", "refill"],
  ["vit-mnist-dense", "vit_tiny", "1", "0.2", "20", "64", "0.002", "0.05", "1", "imp"],
];

/** λmax where a preset sets its own (the default is 5). */
const LAMBDA_MAX: Record<string, string> = { "pretrained-vit-mnist": "1000", "vit-mnist-rsst": "10" };

/** The flags of one preset's command, in the order the command writes them. */
function expectedFlags([
  preset,
  arch,
  times,
  rate,
  epochs,
  batch,
  lr,
  decay,
  warmup,
  struct,
]: Expected): ReferenceFlag[] {
  const structure: ReferenceFlag[] =
    struct === "imp"
      ? []
      : [
          ["--struct", struct],
          ["--criteria", "l1"],
          ["--fillback_rate", "0"],
          ["--sorting_mode", "layer-wise"],
          ["--reg_granularity_prune", LAMBDA_MAX[preset] ?? "5"],
          ["--RST_schedule", "x"],
          ["--exponents", "4"],
        ];
  const vit: ReferenceFlag[] =
    struct !== "imp" && arch === "vit_tiny"
      ? [
          ["--vit_structured", null],
          ["--vit_prune_target", "head"],
        ]
      : [];
  const runDir = `runs/${struct}_${arch}_cifar10_seed1`;
  return [
    ["--arch", arch],
    ["--dataset", "cifar10"],
    ["--pruning_times", times],
    ["--rate", rate],
    ["--epochs", epochs],
    ["--batch_size", batch],
    ["--lr", lr],
    ["--momentum", "0.9"],
    ["--weight_decay", decay],
    ["--warmup", warmup],
    ["--decreasing_lr", epochs],
    ["--prune_type", "lt"],
    ["--seed", "1"],
    ...structure,
    ...vit,
    ["--save_dir", runDir],
    ["--init", `${runDir}/init.pth.tar`],
  ];
}

describe("the reference command of each preset, flag by flag", () => {
  it("has an expected command for every preset", () => {
    expect(EXPECTED.map(([preset]) => preset).sort()).toEqual(Object.keys(PRESETS).sort());
  });

  it.each(EXPECTED)("%s", (...expected) => {
    const command = referenceCommand(presetConfig(expected[0]));
    expect(command.script).toBe(expected[9] === "imp" ? "main_imp.py" : "main_imp_fillback.py");
    expect(command.flags).toEqual(expectedFlags(expected));
  });
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
      /--reg_granularity_prune 10 differs: the lab's regGranularityPrune is λmax over an iteration/,
    );
    expect(notes).toMatch(/--RST_schedule x differs: .* restarts every epoch/);
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
