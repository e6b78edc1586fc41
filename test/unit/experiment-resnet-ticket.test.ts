// Issue 11's "done when", on real short ResNet runs: the final ticket (W ⊙ its masks, what
// the cut groups own zeroed too) has no channel group that is dead in one of its slices or BN
// entries and alive in another, and aliveGroups counts the groups whose weights are not zero.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/core/config";
import { prepareDataset } from "../../src/core/data/prepare";
import { runExperiment } from "../../src/core/experiment";
import type { ExperimentConfig, MaskSet, Model } from "../../src/core/types";

beforeAll(async () => {
  await tf.setBackend("wasm");
});

function resnetConfig(struct: "refill" | "rsst"): ExperimentConfig {
  const resolved = resolveConfig({
    arch: "resnet",
    dataset: "synthetic",
    model: { depth: 8, width: 4 },
    trainSize: 64,
    testSize: 32,
    batchSize: 32,
    epochs: 1,
    optimizer: "sgd",
    lr: 0.05,
    momentum: 0.9,
    weightDecay: 0,
    warmup: 0,
    decreasingLr: "none",
    augment: false,
    pruningTimes: 2,
    rate: 0.5,
    headBudget: "ratio",
    criteria: "magnitude",
    struct,
    finalTrain: "finetune",
    finalEpochs: 1,
    seed: 3,
  });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
  return resolved.config;
}

/** Whether index `c` along `axis` of `t` is all zero. */
function zeroAt(t: tf.Tensor, axis: number, c: number): boolean {
  return tf.tidy(() => tf.sum(tf.abs(tf.gather(t, [c], axis))).dataSync()[0] === 0);
}

/**
 * The channel groups of a depth-8 ResNet written out by hand as (parameter, axis) pairs: a
 * block's conv1 output with bn1 and conv2's input; a stage's stream with every conv writing
 * it (and its BN), every conv reading it, the stem for stage 1 and fc's input for stage 3.
 */
function handGroups(): { name: string; count: number; parts: [string, number][] }[] {
  const bn = (name: string): [string, number][] => [
    [`${name}.weight`, 0],
    [`${name}.bias`, 0],
  ];
  const blocks = [1, 2, 3].map((s) => ({
    name: `layer${s}.0.conv1`,
    count: 4 * 2 ** (s - 1),
    parts: [[`layer${s}.0.conv1.weight`, 3], ...bn(`layer${s}.0.bn1`), [`layer${s}.0.conv2.weight`, 2]] as [
      string,
      number,
    ][],
  }));
  const stages = [
    {
      name: "layer1",
      count: 4,
      parts: [
        ["conv1.weight", 3],
        ...bn("bn1"),
        ["layer1.0.conv2.weight", 3],
        ...bn("layer1.0.bn2"),
        ["layer1.0.conv1.weight", 2],
        ["layer2.0.conv1.weight", 2],
        ["layer2.0.downsample.0.weight", 2],
      ] as [string, number][],
    },
    ...[2, 3].map((s) => ({
      name: `layer${s}`,
      count: 4 * 2 ** (s - 1),
      parts: [
        [`layer${s}.0.conv2.weight`, 3],
        ...bn(`layer${s}.0.bn2`),
        [`layer${s}.0.downsample.0.weight`, 3],
        ...bn(`layer${s}.0.downsample.1`),
        ...((s === 2
          ? [
              ["layer3.0.conv1.weight", 2],
              ["layer3.0.downsample.0.weight", 2],
            ]
          : [["fc.weight", 1]]) as [string, number][]),
      ] as [string, number][],
    })),
  ];
  return [blocks[0]!, stages[0]!, blocks[1]!, stages[1]!, blocks[2]!, stages[2]!];
}

interface Ticket {
  /** W ⊙ (masks ∪ owned) for every parameter; caller disposes. */
  weights: Record<string, tf.Tensor>;
  aliveGroups: number;
}

async function finalTicket(struct: "refill" | "rsst"): Promise<Ticket> {
  const config = resnetConfig(struct);
  let weights: Record<string, tf.Tensor> = {};
  const log = await runExperiment(config, prepareDataset(config, {}), {
    onEvent: () => {},
    onCheckpoint: (checkpoint) => {
      if (checkpoint.kind !== "final") return;
      const model: Model = checkpoint.model;
      const masks: MaskSet = { ...checkpoint.masks, ...checkpoint.owned };
      weights = tf.tidy(() =>
        Object.fromEntries(
          Object.entries(model.params).map(([name, w]) => [
            name,
            masks[name] ? tf.mul(w, masks[name]) : tf.clone(w),
          ]),
        ),
      );
    },
  });
  return { weights, aliveGroups: log.final?.aliveGroups.channel ?? -1 };
}

describe("a ResNet's final ticket", () => {
  for (const struct of ["refill", "rsst"] as const) {
    it(`${struct}: every channel group is zero everywhere or nowhere, and aliveGroups counts the rest`, async () => {
      const { weights, aliveGroups } = await finalTicket(struct);
      let alive = 0;
      let total = 0;
      const mixed: string[] = [];
      for (const group of handGroups()) {
        for (let c = 0; c < group.count; c++) {
          const zero = group.parts.map(([param, axis]) => zeroAt(weights[param]!, axis, c));
          if (zero.some(Boolean) && !zero.every(Boolean)) mixed.push(`${group.name}[${c}]`);
          if (!zero.every(Boolean)) alive++;
          total++;
        }
      }
      expect(mixed).toEqual([]);
      // headBudget "ratio" keeps count·(1 − rate) of every set at each iteration, so the last
      // one leaves half: 2 of 4 in stage 1's two sets, 4 of 8, 8 of 16 → 28 of 56.
      expect(total).toBe(56);
      expect(alive).toBe(28);
      expect(aliveGroups).toBe(alive);
      tf.dispose(Object.values(weights));
    }, 120_000);
  }
});
