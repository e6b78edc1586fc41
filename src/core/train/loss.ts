import * as tf from "@tensorflow/tfjs";

/** Mean softmax cross-entropy of integer labels. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const logProbs = tf.logSoftmax(logits);
    const picked = tf.mul(logProbs, tf.oneHot(labels, logits.shape[1]));
    return tf.neg(tf.sum(picked)).div(logits.shape[0]) as tf.Scalar;
  });
}

export function correctCount(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), "int32")) as tf.Scalar);
}
