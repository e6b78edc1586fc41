// The CIFAR ResNet: torchvision names, layouts, pruning structure, batch norm, probes, memory.
import * as tf from "@tensorflow/tfjs";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config";
import { createModel, createResNet } from "../../src/core/models";
import type { ExperimentConfig, Model } from "../../src/core/types";

// depth 8 (one block per stage), width 2: 8×8 → stages of 2, 4, 8 channels at 8×8, 4×4, 2×2.
const IMAGE: [number, number, number] = [8, 8, 1];
const CLASSES = 3;
const images = tf.randomNormal([2, 8, 8, 1], 0, 1, "float32", 7) as tf.Tensor4D;
// Made before each test, not at load: Stryker credits a mutant only to the tests that run its code.
let model: Model;
beforeEach(() => {
  model = createResNet({ depth: 8, width: 2 }, IMAGE, CLASSES, 1);
});
afterEach(() => model.dispose());
afterAll(() => images.dispose());

const values = (m: Model, name: string) =>
  Array.from(m.params[name]?.dataSync() ?? m.buffers[name]?.dataSync() ?? []);

describe("ResNet parameters", () => {
  it("carries torchvision's names with convs stored HWIO and permuted to OIHW for export", () => {
    const shapes = Object.fromEntries(Object.entries(model.params).map(([name, v]) => [name, v.shape]));
    expect(shapes["conv1.weight"]).toEqual([3, 3, 1, 2]);
    expect(shapes["bn1.weight"]).toEqual([2]);
    expect(shapes["layer1.0.conv1.weight"]).toEqual([3, 3, 2, 2]);
    expect(shapes["layer2.0.conv1.weight"]).toEqual([3, 3, 2, 4]);
    expect(shapes["layer2.0.conv2.weight"]).toEqual([3, 3, 4, 4]);
    expect(shapes["layer2.0.downsample.0.weight"]).toEqual([1, 1, 2, 4]);
    expect(shapes["layer2.0.downsample.1.bias"]).toEqual([4]);
    expect(shapes["layer3.0.bn2.weight"]).toEqual([8]);
    expect(shapes["fc.weight"]).toEqual([3, 8]);
    expect(shapes["fc.bias"]).toEqual([3]);
    expect(Object.keys(shapes).slice(0, 6)).toEqual([
      "conv1.weight",
      "bn1.weight",
      "bn1.bias",
      "layer1.0.conv1.weight",
      "layer1.0.bn1.weight",
      "layer1.0.bn1.bias",
    ]);
    expect(Object.keys(shapes).some((name) => name.endsWith(".bias") && name.includes("conv"))).toBe(false);
    const convs = Object.keys(shapes).filter((name) => /(conv\d|downsample\.0)\.weight$/.test(name));
    expect(convs).toHaveLength(9);
    expect(Object.keys(model.torchPermutation).sort()).toEqual([...convs].sort());
    for (const name of convs) expect(model.torchPermutation[name]).toEqual([3, 2, 0, 1]);
    expect(model.buffers["layer2.0.downsample.1.running_mean"]?.shape).toEqual([4]);
    expect(values(model, "bn1.running_var")).toEqual([1, 1]);
    expect(Object.keys(model.buffers)).toHaveLength(2 * 9);
  });

  it("puts a downsample shortcut exactly where a block changes shape", () => {
    const deeper = createResNet({ depth: 14, width: 2 }, IMAGE, CLASSES, 1);
    const withShortcut = Object.keys(deeper.params)
      .filter((name) => name.endsWith("downsample.0.weight"))
      .map((name) => name.replace(".downsample.0.weight", ""));
    // layer1.0 keeps width and size (w → w, stride 1); layer2.0 and layer3.0 halve and double.
    expect(withShortcut).toEqual(["layer2.0", "layer3.0"]);
    expect(Object.keys(deeper.params).some((name) => name.startsWith("layer3.1.conv2"))).toBe(true);
    expect(Object.keys(deeper.params).some((name) => name.startsWith("layer3.2"))).toBe(false);
    deeper.dispose();
  });

  it("initializes convs Kaiming-normal (fan out) and batch norms to the identity", () => {
    expect(values(model, "layer1.0.bn1.weight")).toEqual([1, 1]);
    expect(values(model, "layer1.0.bn1.bias")).toEqual([0, 0]);
    // std √(2 / (8 · 3 · 3)) = 1/6 for layer3's 8-channel 3×3 convs (576 draws).
    const conv = values(model, "layer3.0.conv2.weight");
    const std = Math.sqrt(conv.reduce((sum, v) => sum + v * v, 0) / conv.length);
    expect(std).toBeGreaterThan(0.14);
    expect(std).toBeLessThan(0.2);
  });

  it("is fixed by the seed", () => {
    const config = (seed: number): ExperimentConfig => ({
      ...DEFAULT_CONFIG,
      arch: "resnet",
      model: { depth: 8, width: 2 },
      seed,
    });
    const [a, b, c] = [config(3), config(3), config(4)].map((cfg) => createModel(cfg, IMAGE, CLASSES));
    if (!a || !b || !c) throw new Error("models not built");
    for (const name of Object.keys(a.params)) expect(values(b, name)).toEqual(values(a, name));
    expect(values(c, "layer1.0.conv1.weight")).not.toEqual(values(a, "layer1.0.conv1.weight"));
    for (const m of [a, b, c]) m.dispose();
  });

  it("rejects depths that are not 6n + 2", () => {
    expect(() => createResNet({ depth: 10, width: 2 }, IMAGE, CLASSES, 1)).toThrow(/6n\+2/);
  });
});

describe("ResNet pruning structure", () => {
  const prunableConvs = [
    "layer1.0.conv1",
    "layer1.0.conv2",
    "layer2.0.conv1",
    "layer2.0.conv2",
    "layer2.0.downsample.0",
    "layer3.0.conv1",
    "layer3.0.conv2",
    "layer3.0.downsample.0",
  ];

  it("prunes every conv but the stem, in network order; per stage its block sets, then its stream", () => {
    expect(model.prunable).toEqual(prunableConvs.map((name) => `${name}.weight`));
    expect(model.groupSets.map((set) => [set.name, set.kind, set.count])).toEqual([
      ["layer1.0.conv1", "channel", 2],
      ["layer1", "channel", 2],
      ["layer2.0.conv1", "channel", 4],
      ["layer2", "channel", 4],
      ["layer3.0.conv1", "channel", 8],
      ["layer3", "channel", 8],
    ]);
  });

  it("counts 2·MACs of every conv and the classifier", () => {
    // stem 64·9·1·2 = 1152; layer1 2 × 64·9·2·2 = 4608; layer2 16·9·2·4 + 16·9·4·4 + 16·2·4
    // = 3584; layer3 4·9·4·8 + 4·9·8·8 + 4·4·8 = 3584; fc 8·3 = 24 → 12952 MACs.
    expect(model.flopsPerSample).toBe(2 * 12952);
  });
});

describe("ResNet forward", () => {
  it("returns logits, each block's conv1 output before batch norm, and each stage's output", () => {
    const shapes = tf.tidy(() => {
      const { logits, activations } = model.forward(images, { training: false, masks: {}, collect: true });
      return {
        logits: logits.shape,
        ...Object.fromEntries(Object.entries(activations).map(([k, v]) => [k, v.shape])),
      };
    });
    expect(shapes).toEqual({
      logits: [2, 3],
      "layer1.0.conv1": [2, 8, 8, 2],
      layer1: [2, 8, 8, 2],
      "layer2.0.conv1": [2, 4, 4, 4],
      layer2: [2, 4, 4, 4],
      "layer3.0.conv1": [2, 2, 2, 8],
      layer3: [2, 2, 2, 8],
    });
  });

  it("observes a stage after its last block's ReLU: no entry is negative", () => {
    const stage = tf.tidy(
      () =>
        model.forward(images, { training: false, masks: {}, collect: true }).activations.layer2 as tf.Tensor,
    );
    const entries = Array.from(stage.dataSync());
    expect(Math.min(...entries)).toBe(0);
    expect(Math.max(...entries)).toBeGreaterThan(0);
    stage.dispose();
  });

  it("multiplies masks on parameters that are not prunable too: a zero fc mask leaves fc's bias", () => {
    const zeros = tf.zeros([3, 8]);
    const logits = tf.tidy(
      () => model.forward(images, { training: false, masks: { "fc.weight": zeros } }).logits,
    );
    const bias = values(model, "fc.bias");
    expect(Array.from(logits.dataSync())).toEqual([...bias, ...bias]);
    tf.dispose([zeros, logits]);
  });

  it("silences a conv's output channel exactly when that channel's filter is masked", () => {
    // HWIO mask with output channel 1 (of 4) zeroed: the conv has no bias, so its output is 0.
    const mask = tf.tidy(() => tf.tile(tf.tensor4d([1, 0, 1, 1], [1, 1, 1, 4]), [3, 3, 2, 1]));
    const output = tf.tidy(
      () =>
        model.forward(images, { training: true, masks: { "layer2.0.conv1.weight": mask }, collect: true })
          .activations["layer2.0.conv1"] as tf.Tensor,
    );
    const channels = Array.from(output.dataSync());
    expect(channels.filter((_, i) => i % 4 === 1).every((v) => v === 0)).toBe(true);
    expect(channels.filter((_, i) => i % 4 === 2).some((v) => v !== 0)).toBe(true);
    tf.dispose([mask, output]);
  });

  it("gives through a probe the gradient of the conv output, which a finite difference confirms", () => {
    const zeros = tf.zeros([2, 4, 4, 4]);
    const lossWith = (probe: tf.Tensor) =>
      tf.sum(
        model.forward(images, { training: false, masks: {}, probes: { "layer2.0.conv1": probe } }).logits,
      );
    const grad = tf.grad(lossWith)(zeros);
    const eps = 1e-2;
    for (const index of [5, 37]) {
      const bump = (sign: number) =>
        tf.tidy(() => {
          const values = new Float32Array(2 * 4 * 4 * 4);
          values[index] = sign * eps;
          return lossWith(tf.tensor(values, [2, 4, 4, 4])).dataSync()[0] ?? Number.NaN;
        });
      expect(grad.dataSync()[index]).toBeCloseTo((bump(1) - bump(-1)) / (2 * eps), 2);
    }
    tf.dispose([zeros, grad]);
  });
});

describe("ResNet batch norm", () => {
  it("moves the running statistics in training mode, by momentum 0.1 toward the batch's", () => {
    const fresh = createResNet({ depth: 8, width: 2 }, IMAGE, CLASSES, 9);
    const conv = tf.tidy(
      () =>
        fresh.forward(images, { training: true, masks: {}, collect: true }).activations[
          "layer1.0.conv1"
        ] as tf.Tensor4D,
    );
    // layer1.0.bn1 saw exactly this conv output: running mean 0.1·batch mean (from 0), running
    // var 0.9 + 0.1·unbiased batch var (n = 2·8·8 = 128).
    const { mean, variance } = tf.moments(conv, [0, 1, 2]);
    const expectedMean = Array.from(mean.dataSync()).map((m) => 0.1 * m);
    const expectedVar = Array.from(variance.dataSync()).map((v) => 0.9 + (0.1 * v * 128) / 127);
    values(fresh, "layer1.0.bn1.running_mean").forEach((v, i) => {
      expect(v).toBeCloseTo(expectedMean[i] ?? Number.NaN, 5);
    });
    values(fresh, "layer1.0.bn1.running_var").forEach((v, i) => {
      expect(v).toBeCloseTo(expectedVar[i] ?? Number.NaN, 5);
    });
    tf.dispose([conv, mean, variance]);
    fresh.dispose();
  });

  it("keeps them in evaluation mode, where each image's logits ignore the rest of the batch", () => {
    const before = Object.keys(model.buffers).map((name) => values(model, name));
    const [pair, single] = tf.tidy(() => [
      model.forward(images, { training: false, masks: {} }).logits,
      model.forward(tf.slice(images, [0, 0, 0, 0], [1, 8, 8, 1]), { training: false, masks: {} }).logits,
    ]);
    expect(Object.keys(model.buffers).map((name) => values(model, name))).toEqual(before);
    Array.from(single?.dataSync() ?? []).forEach((v, i) => {
      expect(v).toBeCloseTo(pair?.dataSync()[i] ?? Number.NaN, 5);
    });
    tf.dispose([pair, single] as tf.Tensor[]);
  });

  it("updates them inside tf.variableGrads and leaks nothing", () => {
    const fresh = createResNet({ depth: 8, width: 2 }, IMAGE, CLASSES, 9);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(
      () => tf.sum(fresh.forward(images, { training: true, masks: {} }).logits) as tf.Scalar,
      Object.values(fresh.params),
    );
    expect(Object.keys(grads)).toHaveLength(Object.keys(fresh.params).length);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    expect(values(fresh, "layer3.0.bn2.running_mean").some((v) => v !== 0)).toBe(true);
    expect(values(fresh, "layer3.0.bn2.running_var").some((v) => v !== 1)).toBe(true);
    fresh.dispose();
  });
});

describe("ResNet memory", () => {
  it("leaks nothing from a tidy forward with probes and collection", () => {
    const probe = tf.zeros([2, 2, 2, 8]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      model.forward(images, {
        training: true,
        masks: {},
        collect: true,
        probes: { layer3: probe },
      });
    });
    expect(tf.memory().numTensors).toBe(before);
    probe.dispose();
  });

  it("dispose() frees parameters and buffers", () => {
    const before = tf.memory().numTensors;
    const temporary = createResNet({ depth: 8, width: 2 }, IMAGE, CLASSES, 2);
    const variables = Object.keys(temporary.params).length + Object.keys(temporary.buffers).length;
    expect(tf.memory().numTensors).toBe(before + variables);
    temporary.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
