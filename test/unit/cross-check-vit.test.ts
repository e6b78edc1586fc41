// The lab's ViT against a plain float64 re-implementation written apart from the model code
// (test/unit/reference/vit.ts): logits, all five criteria, and one masked optimizer step with
// RSST's pull, SGD and AdamW, agreeing to 1e-5. Gradients on the reference side are central
// differences, so no code path is shared with tfjs's autodiff or the lab's custom gradients.
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/core/config";
import { createModel } from "../../src/core/models";
import { measureImportance } from "../../src/core/prune/criteria";
import type { Criterion, GroupSet, MaskSet, Model } from "../../src/core/types";
import { masksWhere, scramble, stream, toParams } from "./reference/fixtures";
import { forEachEntry, labStep } from "./reference/labStep";
import { crossEntropy, masked, numericGradient, type Params, vitForward } from "./reference/vit";

const DIMS = { depth: 1, embedDim: 8, numHeads: 2, hidden: 16, patchSize: 8 };
const IMAGE: [number, number, number] = [16, 16, 1];
const BATCH = 2;
const LABELS = [1, 3];

function tinyVit(): Model {
  const resolved = resolveConfig({
    arch: "vit",
    dataset: "synthetic",
    model: { depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 8 },
  });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
  const model = createModel(resolved.config, IMAGE, 4);
  // Every parameter redrawn, biases and norms too, so none is a convenient 0 or 1.
  scramble(model, stream(11));
  return model;
}

/** 0/1 masks over the prunable weights, about one entry in four zero. */
function randomMasks(model: Model, seed: number): MaskSet {
  const random = stream(seed);
  return masksWhere(model, () => random() >= 0.25);
}

function images(): { tensor: tf.Tensor4D; nested: number[][][][] } {
  const random = stream(5);
  const values = Array.from({ length: BATCH * 16 * 16 }, () => 2 * random() - 1);
  const tensor = tf.tensor4d(values, [BATCH, ...IMAGE]);
  return { tensor, nested: tensor.arraySync() };
}

// On WASM too: there LayerNorm and GELU run as our SIMD kernels (fused/simdKernels.ts).
describe.each(["cpu", "wasm"])("the ViT against its float64 reference on %s", (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  it("gives the same logits under a mask", () => {
    const model = tinyVit();
    const masks = randomMasks(model, 3);
    const { tensor, nested } = images();
    const logits = tf.tidy(() => model.forward(tensor, { training: false, masks }).logits.arraySync());
    const reference = vitForward(nested, masked(toParams(model.params), toParams(masks)), DIMS).logits;
    logits.forEach((row, b) => {
      row.forEach((v, c) => {
        expect(v).toBeCloseTo(reference[b]![c]!, 5);
      });
    });
    model.dispose();
    tf.dispose([tensor, ...Object.values(masks)]);
  });

  it.each<Criterion>(["remain", "magnitude", "l1", "l2", "saliency"])(
    "measures %s as defined",
    (criterion) => {
      const model = tinyVit();
      const masks = randomMasks(model, 4);
      const { tensor, nested } = images();
      const y = tf.tensor1d(LABELS, "int32");
      const measured = measureImportance(model, masks, model.groupSets, criterion, [{ x: tensor, y }]);
      const params = toParams(model.params);
      const maskParams = toParams(masks);
      const effective = masked(params, maskParams);
      const trace = vitForward(nested, effective, DIMS);
      for (const set of model.groupSets) {
        const expected = referenceImportance(
          criterion,
          set,
          params,
          maskParams,
          effective,
          nested,
          trace.activations[set.name]!,
        );
        measured[set.name]!.forEach((value, g) => {
          expect(value).toBeCloseTo(expected[g]!, 5);
        });
      }
      model.dispose();
      tf.dispose([tensor, y, ...Object.values(masks)]);
    },
  );

  it.each(["sgd", "adamw"] as const)("takes the same masked, pulled %s step", (optimizerName) => {
    const model = tinyVit();
    const masks = randomMasks(model, 6);
    const { tensor, nested } = images();
    const y = tf.tensor1d(LABELS, "int32");
    // Pull half of the kept prunable entries, as (1 − R) ⊙ M would.
    const random = stream(9);
    const pull: MaskSet = Object.fromEntries(
      model.prunable.map((name) => {
        const m = masks[name]!.dataSync();
        return [
          name,
          tf.tensor(
            Array.from(m, (keep) => (keep === 1 && random() < 0.5 ? 1 : 0)),
            masks[name]!.shape,
          ),
        ];
      }),
    );
    const lr = 0.01;
    const lambda = 0.5;
    const weightDecay = 0.05;
    const step = labStep(
      model,
      masks,
      pull,
      { x: tensor, y },
      { optimizer: optimizerName, lr, lambda, weightDecay },
    );
    const { before, after, maskParams } = step;

    const loss = (q: Params) => crossEntropy(vitForward(nested, masked(q, maskParams), DIMS).logits, LABELS);
    const grads = numericGradient(structuredClone(before), loss);
    let compared = 0;
    let illConditioned = 0;
    forEachEntry(step, grads, model, ({ name, i, value, g, p, decay }) => {
      let expected: number;
      if (optimizerName === "sgd") {
        // The first step: v = d = g + wd·w + λ·w·pull; w ← w − lr·v.
        expected = value - lr * (g + decay * value + lambda * value * p);
      } else {
        // AdamW's first step is lr·g/(|g| + ε) after the decay; then the decoupled pull.
        // Near g = 0 that ratio is ill-conditioned: float32 rounding of a 1e-8 gradient moves
        // it by 1e-3, and the key bias, whose gradient is zero in exact arithmetic (a softmax
        // ignores a shift shared by all its inputs), gets ±lr from float32 noise, in PyTorch
        // too. Those few entries are counted, not compared; masked entries (exactly 0) are.
        const maskedOut = maskParams[name]?.data[i] === 0;
        if (!maskedOut && Math.abs(g) < 1e-6) {
          illConditioned++;
          return;
        }
        const stepped = value - lr * decay * value - (lr * g) / (Math.abs(g) + 1e-8);
        expected = stepped - lr * lambda * stepped * p;
      }
      compared++;
      expect(after[name]!.data[i]).toBeCloseTo(expected, 5);
    });
    expect(illConditioned).toBeLessThan(0.02 * compared);
    model.dispose();
    tf.dispose([tensor, y, ...Object.values(masks), ...Object.values(pull)]);
  });
});

/** The criterion of each group of `set`, from docs/algorithms.md, on the reference's numbers. */
function referenceImportance(
  criterion: Criterion,
  set: GroupSet,
  params: Params,
  masks: Params,
  effective: Params,
  nested: number[][][][],
  activation: number[][],
): number[] {
  const width = set.width;
  const groupColumns = (g: number) => activation.flatMap((row) => row.slice(g * width, (g + 1) * width));
  if (criterion === "remain" || criterion === "magnitude") {
    return Array.from({ length: set.count }, (_, g) => {
      let total = 0;
      for (const slice of set.slices) {
        const { shape } = params[slice.param]!;
        const cols = shape[1]!;
        for (let r = 0; r < shape[0]!; r++) {
          for (let c = 0; c < cols; c++) {
            const along = slice.axis === 0 ? r : c;
            if (along < slice.offset + g * width || along >= slice.offset + (g + 1) * width) continue;
            const m = masks[slice.param]!.data[r * cols + c]!;
            total += criterion === "remain" ? m : Math.abs(effective[slice.param]!.data[r * cols + c]!);
          }
        }
      }
      return total;
    });
  }
  if (criterion === "l1" || criterion === "l2") {
    return Array.from({ length: set.count }, (_, g) => {
      const values = groupColumns(g);
      if (criterion === "l1") return values.reduce((s, v) => s + Math.abs(v), 0) / values.length;
      return Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
    });
  }
  // saliency: Σ |a ⊙ ∂L/∂a| over the group's entries, ∂L/∂a by nudging each entry.
  const step = 1e-5;
  const lossWith = (row: number, col: number, delta: number) =>
    crossEntropy(vitForward(nested, effective, DIMS, { set: set.name, row, col, delta }).logits, LABELS);
  return Array.from({ length: set.count }, (_, g) => {
    let total = 0;
    activation.forEach((row, r) => {
      for (let c = g * width; c < (g + 1) * width; c++) {
        const gradient = (lossWith(r, c, step) - lossWith(r, c, -step)) / (2 * step);
        total += Math.abs(row[c]! * gradient);
      }
    });
    return total;
  });
}
