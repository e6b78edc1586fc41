// First-order Taylor saliency Σ|a ⊙ ∂L/∂a| per group, with real gradients: zero probes are
// added to the group-set activations and L is differentiated with respect to them.
import * as tf from "@tensorflow/tfjs";
import type { GroupSet, MaskSet, Model } from "../types";
import { activationOf, perGroup, readPerSet } from "./activations";

/** Softmax cross-entropy, mean over the batch; `labels` are class indices. */
export function meanCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const targets = tf.oneHot(tf.cast(labels, "int32"), logits.shape[1]);
    return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), -1))) as tf.Scalar;
  });
}

/** Activation shapes of the sets for input `x` (one forward pass, nothing kept). */
function activationShapes(model: Model, masks: MaskSet, sets: GroupSet[], x: tf.Tensor4D): number[][] {
  const shapes: number[][] = [];
  tf.tidy(() => {
    const { activations } = model.forward(x, { training: false, masks, collect: true });
    for (const set of sets) shapes.push(activationOf(activations, set).shape);
  });
  return shapes;
}

/** Saliency of every group of `sets` on one batch, keyed by set name. */
export function batchSaliency(
  model: Model,
  masks: MaskSet,
  sets: GroupSet[],
  x: tf.Tensor4D,
  y: tf.Tensor1D,
): Record<string, number[]> {
  const probes = activationShapes(model, masks, sets, x).map((shape) => tf.zeros(shape));
  const captured: tf.Tensor[] = [];
  const lossOfProbes = (...probeTensors: tf.Tensor[]): tf.Scalar => {
    const byName = Object.fromEntries(sets.map((set, i) => [set.name, probeTensors[i]!]));
    const { logits, activations } = model.forward(x, {
      training: false,
      masks,
      probes: byName,
      collect: true,
    });
    for (const set of sets) captured.push(tf.keep(activationOf(activations, set)));
    return meanCrossEntropy(logits, y);
  };
  let gradients: tf.Tensor[] = [];
  try {
    gradients = tf.grads(lossOfProbes)(probes);
    const vectors = sets.map((set, i) =>
      tf.tidy(() => perGroup(tf.abs(tf.mul(captured[i]!, gradients[i]!)), set, "sum")),
    );
    return readPerSet(sets, vectors);
  } finally {
    for (const t of [...probes, ...captured, ...gradients]) t.dispose();
  }
}
