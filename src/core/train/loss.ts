import * as tf from "@tensorflow/tfjs";
import { fusedCrossEntropy } from "../models/fused/crossEntropy";

/** Mean softmax cross-entropy of integer labels (one tape entry; see fused/crossEntropy.ts). */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => fusedCrossEntropy(logits, labels));
}

export function correctCount(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), "int32")) as tf.Scalar);
}
