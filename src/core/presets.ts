// Named starting points for an experiment. Each preset is a partial config that
// resolveConfig merges over DEFAULT_CONFIG; the MNIST ones are sized to finish
// `npm run lab` on WASM in minutes.

export interface Preset {
  description: string;
  config: Record<string, unknown>;
}

/**
 * Sized for minutes on a laptop's WASM backend: ~620 steps per iteration reach ≈ 85–90% dense
 * test accuracy (the full recipe, 20 epochs of 8,000 digits, reaches 96%).
 */
const MNIST_LAPTOP_SIZE = {
  dataset: "mnist",
  trainSize: 4000,
  testSize: 1000,
  epochs: 10,
  lr: 3e-3,
  augment: false,
  pruningTimes: 4,
};

/**
 * Starts from public/models (npm run pretrain) and fine-tunes briefly after every cut: the
 * first iteration already shows a ≈94%-accurate model (93.65% before any cut), and the run ends in a few minutes.
 */
const PRETRAINED_FINE_TUNE = {
  dataset: "mnist",
  init: "pretrained",
  trainSize: 3200,
  testSize: 1000,
  epochs: 2,
  warmup: 0,
  augment: false,
  pruningTimes: 5,
  rate: 0.2,
  finalTrain: "finetune",
  finalEpochs: 2,
  criteria: "l1",
  struct: "refill",
};

export const PRESETS: Record<string, Preset> = {
  "pretrained-vit-mnist": {
    description:
      "The pretrained ViT on MNIST (93.65% test), its heads cut by Refill with 2 epochs of fine-tuning per iteration: a few minutes.",
    config: {
      arch: "vit",
      ...PRETRAINED_FINE_TUNE,
      lr: 3e-4,
      vitPruneTarget: "head",
      // Switched to RSST, 2 epochs at lr 3e-4 need a λ this large to pull at all: a weight
      // outside the structure keeps 0.9% of its size over an iteration (5 would leave 98%).
      regGranularityPrune: 1000,
    },
  },
  "pretrained-resnet-mnist": {
    description:
      "The pretrained ResNet-8 on MNIST, its conv channels cut by Refill with 2 epochs of SGD fine-tuning per iteration.",
    config: {
      arch: "resnet",
      ...PRETRAINED_FINE_TUNE,
      optimizer: "sgd",
      lr: 0.01,
      momentum: 0.9,
      weightDecay: 5e-4,
    },
  },
  "tiny-vit-synthetic": {
    description:
      "A 2-block ViT on 16×16 synthetic stripes, pruned by Refill: seconds per run (what end-to-end tests run).",
    config: {
      arch: "vit",
      model: { depth: 2, embedDim: 16, numHeads: 4, mlpRatio: 2, patchSize: 4 },
      dataset: "synthetic",
      trainSize: 1024,
      testSize: 256,
      epochs: 3,
      batchSize: 32,
      lr: 0.005,
      warmup: 0,
      struct: "refill",
      pruningTimes: 3,
      rate: 0.3,
      criteria: "l1",
    },
  },
  "tiny-resnet-synthetic": {
    description:
      "A ResNet-8 of width 4 on 16×16 synthetic stripes, pruned by Refill over channels: seconds per run.",
    config: {
      arch: "resnet",
      model: { depth: 8, width: 4 },
      dataset: "synthetic",
      trainSize: 256,
      testSize: 128,
      epochs: 2,
      batchSize: 32,
      struct: "refill",
      pruningTimes: 3,
      rate: 0.3,
      criteria: "l1",
    },
  },
  "vit-mnist-rsst": {
    description:
      "ViT on MNIST, RSST: heads outside the refill mask are pulled to zero by a growing regularizer.",
    config: {
      arch: "vit",
      ...MNIST_LAPTOP_SIZE,
      struct: "rsst",
      // Half the default trainSize, so half the steps: twice λmax for the same pull (a pulled
      // weight without gradient keeps ~2% of its size over an iteration).
      regGranularityPrune: 10,
      criteria: "l1",
    },
  },
  "vit-mnist-refill": {
    description:
      "ViT on MNIST, Refill: each iteration keeps the most important heads whole and cuts the rest.",
    config: { arch: "vit", ...MNIST_LAPTOP_SIZE, struct: "refill", criteria: "l1" },
  },
  "resnet-mnist-refill": {
    description: "ResNet-8 on MNIST, Refill over conv channels, trained with SGD and momentum.",
    config: {
      arch: "resnet",
      model: { depth: 8, width: 16 },
      ...MNIST_LAPTOP_SIZE,
      optimizer: "sgd",
      lr: 0.05,
      momentum: 0.9,
      weightDecay: 5e-4,
      struct: "refill",
      criteria: "l1",
    },
  },
  "vit-mnist-dense": {
    description: "ViT on 8,000 MNIST digits trained once, the full default recipe (≈96% test, 20 epochs).",
    config: {
      arch: "vit",
      dataset: "mnist",
      trainSize: 8000,
      testSize: 2000,
      pruningTimes: 1,
      struct: "imp",
    },
  },
};

/** The partial config of a preset (a copy), for resolveConfig. Throws on an unknown name. */
export function presetConfig(name: string): Record<string, unknown> {
  const preset = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
  if (!preset) {
    throw new Error(`unknown preset "${name}" (known presets: ${Object.keys(PRESETS).join(", ")})`);
  }
  return structuredClone(preset.config);
}
