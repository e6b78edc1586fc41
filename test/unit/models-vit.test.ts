// The ViT: timm names and shapes, pruning structure, seeding, masks, probes, cost, memory.
import * as tf from "@tensorflow/tfjs";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config";
import { countParams, countPrunable, createModel, createVit } from "../../src/core/models";
import type { ExperimentConfig, MaskSet, Model, VitShape } from "../../src/core/types";

// 8×8×1 images, 4×4 patches → N = 4 patches, T = 5 tokens; E = 8, 2 heads of d = 4, H = 16.
const TINY: VitShape = { depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 };
const IMAGE: [number, number, number] = [8, 8, 1];
const CLASSES = 3;

function vitConfig(seed: number, model: VitShape = TINY): ExperimentConfig {
  return { ...DEFAULT_CONFIG, arch: "vit", model, seed };
}

/** A mask of ones with the given [start, end) ranges of `axis` zeroed (axis 0 or 1 of a 2-D weight). */
function maskZeroing(model: Model, name: string, axis: 0 | 1, ranges: [number, number][]): tf.Tensor {
  const [rows = 0, cols = 0] = model.params[name]?.shape ?? [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const index = axis === 0 ? r : c;
      values.push(ranges.some(([start, end]) => index >= start && index < end) ? 0 : 1);
    }
  }
  return tf.tensor2d(values, [rows, cols]);
}

function channelValues(activation: tf.Tensor, start: number, end: number): number[] {
  const last = activation.shape[activation.rank - 1] ?? 0;
  return Array.from(activation.dataSync()).filter((_, i) => i % last >= start && i % last < end);
}

const images = tf.randomNormal([2, 8, 8, 1], 0, 1, "float32", 7) as tf.Tensor4D;
// Made before each test, not at load: Stryker credits a mutant only to the tests that run its code.
let model: Model;
beforeEach(() => {
  model = createVit(TINY, IMAGE, CLASSES, 1);
});
afterEach(() => model.dispose());
afterAll(() => images.dispose());

describe("ViT parameters", () => {
  it("carries timm's names, in state-dict order, with PyTorch shapes", () => {
    const shapes = Object.fromEntries(Object.entries(model.params).map(([name, v]) => [name, v.shape]));
    expect(shapes).toEqual({
      cls_token: [1, 1, 8],
      pos_embed: [1, 5, 8],
      "patch_embed.proj.weight": [8, 1, 4, 4],
      "patch_embed.proj.bias": [8],
      "blocks.0.norm1.weight": [8],
      "blocks.0.norm1.bias": [8],
      "blocks.0.attn.qkv.weight": [24, 8],
      "blocks.0.attn.qkv.bias": [24],
      "blocks.0.attn.proj.weight": [8, 8],
      "blocks.0.attn.proj.bias": [8],
      "blocks.0.norm2.weight": [8],
      "blocks.0.norm2.bias": [8],
      "blocks.0.mlp.fc1.weight": [16, 8],
      "blocks.0.mlp.fc1.bias": [16],
      "blocks.0.mlp.fc2.weight": [8, 16],
      "blocks.0.mlp.fc2.bias": [8],
      "norm.weight": [8],
      "norm.bias": [8],
      "head.weight": [3, 8],
      "head.bias": [3],
    });
    expect(Object.keys(shapes)).toEqual(Object.keys(model.params));
    expect(model.buffers).toEqual({});
    expect(model.torchPermutation).toEqual({});
    // tokens 8 + 40; patch 128 + 8; norm1 16; qkv 192 + 24; proj 64 + 8; norm2 16;
    // fc1 128 + 16; fc2 128 + 8; norm 16; head 24 + 3 → 827.
    expect(countParams(model)).toBe(827);
    expect(countPrunable(model)).toBe(192 + 64 + 128 + 128);
  });

  it("initializes like timm: zero biases, unit LayerNorms, small truncated-normal weights", () => {
    const values = (name: string) => Array.from(model.params[name]?.dataSync() ?? []);
    expect(values("blocks.0.attn.qkv.bias").every((v) => v === 0)).toBe(true);
    expect(values("blocks.0.norm1.weight").every((v) => v === 1)).toBe(true);
    expect(values("norm.bias").every((v) => v === 0)).toBe(true);
    const qkv = values("blocks.0.attn.qkv.weight");
    expect(qkv.every((v) => Math.abs(v) <= 0.04)).toBe(true); // redrawn beyond 2σ
    expect(new Set(qkv).size).toBe(qkv.length);
  });

  it("is fixed by the seed: the same seed gives the same weights, another seed others", () => {
    const a = createModel(vitConfig(5), IMAGE, CLASSES);
    const b = createModel(vitConfig(5), IMAGE, CLASSES);
    const c = createModel(vitConfig(6), IMAGE, CLASSES);
    for (const name of Object.keys(a.params)) {
      expect(Array.from(b.params[name]?.dataSync() ?? [])).toEqual(
        Array.from(a.params[name]?.dataSync() ?? []),
      );
    }
    const qkv = (m: Model) => Array.from(m.params["blocks.0.attn.qkv.weight"]?.dataSync() ?? []);
    expect(qkv(c)).not.toEqual(qkv(a));
    // Different tensors of one model draw from different derived seeds.
    expect(qkv(a).slice(0, 8)).not.toEqual(
      Array.from(a.params["blocks.0.mlp.fc1.weight"]?.dataSync() ?? []).slice(0, 8),
    );
    for (const m of [a, b, c]) m.dispose();
  });

  it("rejects shapes it cannot build", () => {
    expect(() => createVit({ ...TINY, patchSize: 3 }, IMAGE, CLASSES, 1)).toThrow(/patchSize/);
    expect(() => createVit({ ...TINY, numHeads: 3 }, IMAGE, CLASSES, 1)).toThrow(/numHeads/);
  });
});

describe("ViT pruning structure", () => {
  it("lists the four prunable weights block by block", () => {
    const deeper = createVit({ ...TINY, depth: 2 }, IMAGE, CLASSES, 1);
    expect(deeper.prunable).toEqual([
      "blocks.0.attn.qkv.weight",
      "blocks.0.attn.proj.weight",
      "blocks.0.mlp.fc1.weight",
      "blocks.0.mlp.fc2.weight",
      "blocks.1.attn.qkv.weight",
      "blocks.1.attn.proj.weight",
      "blocks.1.mlp.fc1.weight",
      "blocks.1.mlp.fc2.weight",
    ]);
    expect(deeper.groupSets.map((set) => set.name)).toEqual([
      "blocks.0.attn",
      "blocks.0.mlp",
      "blocks.1.attn",
      "blocks.1.mlp",
    ]);
    deeper.dispose();
  });

  it("couples each head's q, k, v rows and proj columns, each neuron's fc1 row and fc2 column", () => {
    expect(model.groupSets).toEqual([
      {
        name: "blocks.0.attn",
        kind: "head",
        count: 2,
        width: 4,
        slices: [
          { param: "blocks.0.attn.qkv.weight", axis: 0, offset: 0 },
          { param: "blocks.0.attn.qkv.weight", axis: 0, offset: 8 },
          { param: "blocks.0.attn.qkv.weight", axis: 0, offset: 16 },
          { param: "blocks.0.attn.proj.weight", axis: 1, offset: 0 },
        ],
        // A cut head takes its q, k and v bias rows with it.
        owned: [
          { param: "blocks.0.attn.qkv.bias", axis: 0, offset: 0 },
          { param: "blocks.0.attn.qkv.bias", axis: 0, offset: 8 },
          { param: "blocks.0.attn.qkv.bias", axis: 0, offset: 16 },
        ],
      },
      {
        name: "blocks.0.mlp",
        kind: "neuron",
        count: 16,
        width: 1,
        slices: [
          { param: "blocks.0.mlp.fc1.weight", axis: 0, offset: 0 },
          { param: "blocks.0.mlp.fc2.weight", axis: 1, offset: 0 },
        ],
        owned: [{ param: "blocks.0.mlp.fc1.bias", axis: 0, offset: 0 }],
      },
    ]);
  });

  it("counts 2·MACs of every matMul", () => {
    // patch 4·16·8 = 512; qkv 5·8·24 = 960; scores + values 2·5·5·8 = 400; proj 5·8·8 = 320;
    // MLP 2·5·8·16 = 1280; head 8·3 = 24 → 3496 MACs.
    expect(model.flopsPerSample).toBe(2 * 3496);
  });
});

describe("ViT forward", () => {
  it("returns logits per image and the group-set activations when asked", () => {
    const shapes = tf.tidy(() => {
      const { logits, activations } = model.forward(images, { training: true, masks: {}, collect: true });
      return {
        logits: logits.shape,
        attn: activations["blocks.0.attn"]?.shape,
        mlp: activations["blocks.0.mlp"]?.shape,
        none: Object.keys(model.forward(images, { training: false, masks: {} }).activations),
      };
    });
    expect(shapes).toEqual({ logits: [2, 3], attn: [2, 5, 8], mlp: [2, 5, 16], none: [] });
  });

  it("silences a head exactly when its value rows are masked (biases are zero at init)", () => {
    // Head 1's v rows are 2E + 4 .. 2E + 8 = 20..24 of qkv. With them and their bias zero,
    // v of head 1 is 0, so softmax(·)·v = 0 on channels 4..8 of the merged heads, whatever q, k.
    const mask = maskZeroing(model, "blocks.0.attn.qkv.weight", 0, [[20, 24]]);
    const heads = tf.tidy(
      () =>
        model.forward(images, { training: false, masks: { "blocks.0.attn.qkv.weight": mask }, collect: true })
          .activations["blocks.0.attn"] as tf.Tensor,
    );
    expect(channelValues(heads, 4, 8).every((v) => v === 0)).toBe(true);
    expect(channelValues(heads, 0, 4).some((v) => v !== 0)).toBe(true);
    tf.dispose([mask, heads]);
  });

  it("silences a neuron exactly when its fc1 row is masked: gelu(0 + bias 0) = 0", () => {
    const mask = maskZeroing(model, "blocks.0.mlp.fc1.weight", 0, [[3, 4]]);
    const hidden = tf.tidy(
      () =>
        model.forward(images, { training: false, masks: { "blocks.0.mlp.fc1.weight": mask }, collect: true })
          .activations["blocks.0.mlp"] as tf.Tensor,
    );
    expect(channelValues(hidden, 3, 4).every((v) => v === 0)).toBe(true);
    expect(channelValues(hidden, 4, 16).some((v) => v !== 0)).toBe(true);
    tf.dispose([mask, hidden]);
  });

  it("masks change the logits, an all-ones mask does not", () => {
    const ones = tf.ones([24, 8]);
    const zeros = tf.zeros([24, 8]);
    const maskSets: MaskSet[] = [
      {},
      { "blocks.0.attn.qkv.weight": ones },
      { "blocks.0.attn.qkv.weight": zeros },
    ];
    const [plain, withOnes, withZeros] = tf.tidy(() =>
      maskSets.map((masks) => model.forward(images, { training: false, masks }).logits),
    );
    expect(Array.from(withOnes?.dataSync() ?? [])).toEqual(Array.from(plain?.dataSync() ?? []));
    expect(Array.from(withZeros?.dataSync() ?? [])).not.toEqual(Array.from(plain?.dataSync() ?? []));
    tf.dispose([ones, zeros, plain, withOnes, withZeros] as tf.Tensor[]);
  });
});

describe("ViT probes", () => {
  const sumOfLogits = (probes: Record<string, tf.Tensor>, masks: MaskSet = {}) =>
    tf.sum(model.forward(images, { training: false, masks, probes }).logits);

  function probeGradients(masks: MaskSet = {}): Record<string, tf.Tensor> {
    return tf.tidy(() => {
      const attn = tf.zeros([2, 5, 8]);
      const mlp = tf.zeros([2, 5, 16]);
      const [dAttn, dMlp] = tf.grads((a: tf.Tensor, m: tf.Tensor) =>
        sumOfLogits({ "blocks.0.attn": a, "blocks.0.mlp": m }, masks),
      )([attn, mlp]);
      return { attn: dAttn as tf.Tensor, mlp: dMlp as tf.Tensor };
    });
  }

  it("give ∂L/∂activation: matches central finite differences of the probed forward", () => {
    const grads = probeGradients();
    const fd = (name: string, shape: number[], index: number) =>
      tf.tidy(() => {
        const eps = 1e-2;
        const bump = (sign: number) => {
          const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
          values[index] = sign * eps;
          return sumOfLogits({ [name]: tf.tensor(values, shape) }).dataSync()[0] ?? Number.NaN;
        };
        return (bump(1) - bump(-1)) / (2 * eps);
      });
    // Entries of the class token (token 0) of image 1, where the gradient is non-zero.
    for (const channel of [1, 6]) {
      const index = 5 * 8 + channel;
      expect(grads.attn?.dataSync()[index]).toBeCloseTo(fd("blocks.0.attn", [2, 5, 8], index), 2);
    }
    for (const neuron of [0, 9]) {
      const index = 5 * 16 + neuron;
      expect(grads.mlp?.dataSync()[index]).toBeCloseTo(fd("blocks.0.mlp", [2, 5, 16], index), 2);
    }
    tf.dispose(Object.values(grads));
  });

  it("reach only the class token through the last MLP, and nothing through masked proj columns", () => {
    // The MLP acts token by token and only the class token feeds the head: in the last block
    // ∂L/∂hidden is 0 at tokens 1..4. With head 0's proj columns masked, ∂L/∂(head 0) = 0·… = 0.
    const mask = maskZeroing(model, "blocks.0.attn.proj.weight", 1, [[0, 4]]);
    const grads = probeGradients({ "blocks.0.attn.proj.weight": mask });
    const mlp = grads.mlp?.arraySync() as number[][][];
    for (const image of mlp) {
      expect(image[0]?.some((v) => v !== 0)).toBe(true);
      expect(
        image
          .slice(1)
          .flat()
          .every((v) => v === 0),
      ).toBe(true);
    }
    const attn = grads.attn as tf.Tensor;
    expect(channelValues(attn, 0, 4).every((v) => v === 0)).toBe(true);
    expect(channelValues(attn, 4, 8).some((v) => v !== 0)).toBe(true);
    tf.dispose([mask, ...Object.values(grads)]);
  });
});

describe("ViT memory", () => {
  it("leaks nothing from a tidy forward with probes and collection, or a gradient step", () => {
    const probe = tf.zeros([2, 5, 16]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      model.forward(images, { training: true, masks: {}, collect: true, probes: { "blocks.0.mlp": probe } });
    });
    const { value, grads } = tf.variableGrads(
      () => tf.sum(model.forward(images, { training: true, masks: {} }).logits) as tf.Scalar,
      Object.values(model.params),
    );
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    probe.dispose();
  });

  it("dispose() frees every variable", () => {
    const before = tf.memory().numTensors;
    const temporary = createVit(TINY, IMAGE, CLASSES, 2);
    expect(tf.memory().numTensors).toBe(before + Object.keys(temporary.params).length);
    temporary.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.values(temporary.params).every((v) => v.isDisposed)).toBe(true);
  });
});
