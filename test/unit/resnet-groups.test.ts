// The ResNet's channel groups as a dependency graph couples them: the slices and owned
// entries of each set worked out by hand, a residual channel cut by refill zero in every conv
// of its stage and in its BNs, and the compacted model equal to the cut one.
import * as tf from "@tensorflow/tfjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compactModel } from "../../src/core/compact";
import { aliveGroups, ownedMask } from "../../src/core/groups";
import { createResNet } from "../../src/core/models";
import { refill, structuredCut } from "../../src/core/prune/refill";
import type { GroupSet, MaskSet, Model } from "../../src/core/types";
import { disposeAll, onesMasks } from "../../src/core/weights";
import { layerLabel } from "../../src/store/views/groupViews";

// depth 8 (one block per stage), width 2: stages of 2, 4, 8 channels on 8×8, 4×4, 2×2 maps.
const IMAGE: [number, number, number] = [8, 8, 1];
// Made before each test, not at load: Stryker credits a mutant only to the tests that run its code.
let model: Model;
beforeEach(() => {
  model = createResNet({ depth: 8, width: 2 }, IMAGE, 3, 5);
});
afterEach(() => model.dispose());

const slice = (param: string, axis: number) => ({ param, axis, offset: 0 });
const gammaBeta = (bn: string) => [slice(`${bn}.weight`, 0), slice(`${bn}.bias`, 0)];

function setNamed(m: Model, name: string): GroupSet {
  const set = m.groupSets.find((s) => s.name === name);
  if (set === undefined) throw new Error(`no group set ${name}`);
  return set;
}

describe("ResNet group sets", () => {
  it("a block set is conv1's output and conv2's input channel, owning bn1's γ and β", () => {
    expect(setNamed(model, "layer2.0.conv1")).toEqual({
      name: "layer2.0.conv1",
      kind: "channel",
      count: 4,
      width: 1,
      slices: [slice("layer2.0.conv1.weight", 3), slice("layer2.0.conv2.weight", 2)],
      owned: gammaBeta("layer2.0.bn1"),
    });
  });

  it("stage 1's stream starts at the stem and is read by layer1.0 and layer2.0", () => {
    expect(setNamed(model, "layer1")).toEqual({
      name: "layer1",
      kind: "channel",
      count: 2,
      width: 1,
      slices: [
        slice("layer1.0.conv2.weight", 3),
        slice("layer1.0.conv1.weight", 2),
        slice("layer2.0.conv1.weight", 2),
        slice("layer2.0.downsample.0.weight", 2),
      ],
      owned: [slice("conv1.weight", 3), ...gammaBeta("bn1"), ...gammaBeta("layer1.0.bn2")],
    });
  });

  it("stage 2's stream is written by conv2 and the downsample, and read by layer3.0", () => {
    expect(setNamed(model, "layer2")).toEqual({
      name: "layer2",
      kind: "channel",
      count: 4,
      width: 1,
      slices: [
        slice("layer2.0.conv2.weight", 3),
        slice("layer2.0.downsample.0.weight", 3),
        slice("layer3.0.conv1.weight", 2),
        slice("layer3.0.downsample.0.weight", 2),
      ],
      owned: [...gammaBeta("layer2.0.bn2"), ...gammaBeta("layer2.0.downsample.1")],
    });
  });

  it("the last stage's stream is read by the classifier alone", () => {
    expect(setNamed(model, "layer3")).toEqual({
      name: "layer3",
      kind: "channel",
      count: 8,
      width: 1,
      slices: [slice("layer3.0.conv2.weight", 3), slice("layer3.0.downsample.0.weight", 3)],
      owned: [...gammaBeta("layer3.0.bn2"), ...gammaBeta("layer3.0.downsample.1"), slice("fc.weight", 1)],
    });
  });

  it("with two blocks a stage, the second block writes and reads the same stream", () => {
    const deeper = createResNet({ depth: 14, width: 2 }, IMAGE, 3, 5);
    const params = (set: GroupSet) => set.slices.map((s) => `${s.param}:${s.axis}`);
    expect(params(setNamed(deeper, "layer2"))).toEqual([
      "layer2.0.conv2.weight:3",
      "layer2.0.downsample.0.weight:3",
      "layer2.1.conv2.weight:3",
      "layer2.1.conv1.weight:2",
      "layer3.0.conv1.weight:2",
      "layer3.0.downsample.0.weight:2",
    ]);
    expect(deeper.groupSets.map((set) => set.name).slice(0, 3)).toEqual([
      "layer1.0.conv1",
      "layer1.1.conv1",
      "layer1",
    ]);
    deeper.dispose();
  });
});

describe("ResNet group labels on screen", () => {
  it("names a stage's set its residual stream and leaves block and ViT sets as they are", () => {
    expect(model.groupSets.map((set) => layerLabel(set.name, set.kind))).toEqual([
      "layer1.0.conv1",
      "layer1 residual",
      "layer2.0.conv1",
      "layer2 residual",
      "layer3.0.conv1",
      "layer3 residual",
    ]);
    expect(layerLabel("blocks.0.mlp", "neuron")).toBe("blocks.0.mlp");
  });
});

/** Every parameter and buffer redrawn (seeded), so every β and running mean is non-zero. */
function scramble(m: Model): void {
  let seed = 40;
  for (const [name, v] of Object.entries({ ...m.params, ...m.buffers })) {
    const low = name.endsWith("running_var") ? 0.5 : -1;
    v.assign(
      tf.tidy(() =>
        tf.add(tf.randomUniform(v.shape, low, 1, "float32", seed++), name.endsWith(".bias") ? 0.5 : 0),
      ),
    );
  }
}

/** Entries of `t` at index `channel` along `axis`. */
function along(t: tf.Tensor, axis: number, channel: number): number[] {
  return tf.tidy(() => Array.from(tf.gather(t, [channel], axis).dataSync()));
}

describe("a residual channel cut by refill", () => {
  // At rate 0.25 stage 2 keeps 3 of its 4 channels (channel 2 is the least important) and
  // stage 3 keeps 6 of its 8 (channels 6 and 7 go).
  const importance = { layer2: [4, 3, 1, 2], layer3: [8, 7, 6, 5, 4, 3, 2, 1] };
  const options = { rate: 0.25, fillbackRate: 0, headBudget: "ratio" as const };
  // Made before each test, not at load: Stryker credits a mutant only to the tests that run its code.
  let scrambled: Model;
  let stage: GroupSet;
  let last: GroupSet;
  let ones: MaskSet;
  let structure: MaskSet;
  let alive: Record<string, boolean[]>;
  let cut: MaskSet;
  let owned: MaskSet;
  let forwardMasks: MaskSet;
  let x: tf.Tensor4D;
  beforeEach(() => {
    scrambled = createResNet({ depth: 8, width: 2 }, IMAGE, 3, 6);
    scramble(scrambled);
    stage = setNamed(scrambled, "layer2");
    last = setNamed(scrambled, "layer3");
    ones = onesMasks(scrambled);
    ({ structureMask: structure, alive } = refill(ones, [stage, last], importance, options));
    cut = structuredCut(ones, structure);
    owned = ownedMask(scrambled.params, [stage, last], alive);
    forwardMasks = { ...cut, ...owned };
    x = tf.randomNormal([2, ...IMAGE], 0, 1, "float32", 3) as tf.Tensor4D;
  });
  afterEach(() => {
    for (const masks of [ones, structure, cut, owned]) disposeAll(masks);
    x.dispose();
    scrambled.dispose();
  });

  const masked = (name: string) => tf.mul(scrambled.params[name]!, forwardMasks[name] ?? 1);

  it("is zero in every conv of the stage, out of conv2 and the downsample, into layer3.0", () => {
    expect(alive.layer2).toEqual([true, true, false, true]);
    for (const { param, axis } of stage.slices) {
      const weight = masked(param);
      expect(along(weight, axis, 2).every((v) => v === 0)).toBe(true);
      expect(along(weight, axis, 1).some((v) => v !== 0)).toBe(true);
      weight.dispose();
    }
  });

  it("has γ and β zero in layer2.0.bn2 and the downsample's BN, the others untouched", () => {
    for (const bn of ["layer2.0.bn2", "layer2.0.downsample.1"]) {
      for (const which of ["weight", "bias"]) {
        const name = `${bn}.${which}`;
        const trained = Array.from(scrambled.params[name]!.dataSync());
        expect(Array.from(owned[name]!.dataSync())).toEqual([1, 1, 0, 1]);
        const kept = masked(name);
        // + 0 turns −0 (a negative entry times 0) into 0.
        expect(Array.from(kept.dataSync()).map((v) => v + 0)).toEqual([
          trained[0],
          trained[1],
          0,
          trained[3],
        ]);
        kept.dispose();
      }
    }
    expect(Object.keys(owned).sort()).toEqual([
      "fc.weight",
      "layer2.0.bn2.bias",
      "layer2.0.bn2.weight",
      "layer2.0.downsample.1.bias",
      "layer2.0.downsample.1.weight",
      "layer3.0.bn2.bias",
      "layer3.0.bn2.weight",
      "layer3.0.downsample.1.bias",
      "layer3.0.downsample.1.weight",
    ]);
    // fc.weight [3, 8]: columns 6 and 7 of every row.
    expect(Array.from(owned["fc.weight"]!.dataSync())).toEqual(
      Array.from({ length: 24 }, (_, i) => (i % 8 >= 6 ? 0 : 1)),
    );
  });

  it("is exactly zero in the stage's output; aliveGroups counts it dead", () => {
    const output = tf.tidy(
      () => scrambled.forward(x, { training: false, masks: forwardMasks, collect: true }).activations.layer2!,
    );
    // [2, 4, 4, 4]: channel 2 at every position of both images.
    const entries = Array.from(output.dataSync());
    expect(entries.filter((_, i) => i % 4 === 2).every((v) => v === 0)).toBe(true);
    expect(entries.filter((_, i) => i % 4 === 1).some((v) => v !== 0)).toBe(true);
    output.dispose();
    expect(aliveGroups(cut, scrambled.groupSets).layer2).toEqual([true, true, false, true]);
    expect(aliveGroups(cut, scrambled.groupSets)["layer2.0.conv1"]).toEqual([true, true, true, true]);
  });

  it("compacts to a model whose logits equal the cut one's, and which the β would have changed", () => {
    const compact = compactModel(scrambled, cut, IMAGE);
    expect(compact.kept.layer2).toEqual([0, 1, 3]);
    expect(compact.kept.layer3).toEqual([0, 1, 2, 3, 4, 5]);
    expect(compact.params["fc.weight"]?.shape).toEqual([3, 6]);
    expect(compact.params["layer2.0.conv2.weight"]?.shape).toEqual([3, 3, 4, 3]);
    expect(compact.params["layer3.0.conv1.weight"]?.shape).toEqual([3, 3, 3, 8]);
    const [fromCompact, fromCut, withoutOwned] = tf.tidy(() => [
      compact.forward(x),
      scrambled.forward(x, { training: false, masks: forwardMasks }).logits,
      scrambled.forward(x, { training: false, masks: cut }).logits,
    ]);
    const maxDifference = (a: tf.Tensor, b: tf.Tensor) =>
      tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
    expect(maxDifference(fromCompact!, fromCut!)).toBeLessThan(1e-5);
    // Stage 2's readers are convs whose input channel 2 is cut with it, but stage 3's is fc:
    // without the owned masks its cut channels reach the logits through their BNs' β.
    expect(maxDifference(fromCompact!, withoutOwned!)).toBeGreaterThan(1e-3);
    tf.dispose([fromCompact!, fromCut!, withoutOwned!]);
    compact.dispose();
  });
});
