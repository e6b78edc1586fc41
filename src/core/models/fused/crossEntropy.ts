// Mean softmax cross-entropy as one tape entry with its gradient written out,
// ∂loss/∂logits = (softmax(logits) − onehot)/B, instead of tfjs's chain back through the
// one-hot product, the sum, logSoftmax's max, exp, sum and log (about 33 kernels → 14).
import * as tf from "@tensorflow/tfjs";

/** Mean cross-entropy of logits [B, K] against integer labels [B]. Caller owns the result. */
export function fusedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const [batch, classes] = logits.shape;
  const op = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, save] = inputs;
    if (!(x instanceof tf.Tensor)) throw new Error("crossEntropy expects logits");
    if (typeof save !== "function") throw new Error("customGrad passed no save function");
    // −onehot/B: the loss is Σ logProbs ⊙ target, its gradient softmax/B + target. Built as an
    // int32 one-hot and scaled: WASM's OneHot writes integers whatever on-value and dtype it is
    // given (−1/B became 0, and the loss with it). Built in here, off the tape, where its ops
    // clone nothing.
    const target = tf.mul(tf.cast(tf.oneHot(labels, classes), "float32"), -1 / batch);
    const logProbs = tf.logSoftmax(x);
    // The target too: the scope that made it may end before the gradient runs.
    save([logProbs, target]);
    return {
      value: tf.sum(tf.mul(logProbs, target)),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedLogProbs, savedTarget] = saved as [tf.Tensor, tf.Tensor];
        return tf.mul(tf.add(tf.mul(tf.exp(savedLogProbs), 1 / batch), savedTarget), dy);
      },
    };
  });
  return op(logits) as tf.Scalar;
}
