// Parameter initializers, each seeded so that one experiment seed fixes every initial weight.
// Caller owns the returned tensors.
import * as tf from "@tensorflow/tfjs";

/**
 * timm's `trunc_normal_(std)` for linears and tokens. tfjs redraws values beyond 2σ; timm's
 * bounds are ±2 in absolute value, which at σ = .02 never bind, so the two differ only in
 * the rare tail beyond 2σ.
 */
export function truncatedNormal(shape: number[], std: number, seed: number): tf.Tensor {
  return tf.truncatedNormal(shape, 0, std, "float32", seed);
}

/**
 * He (Kaiming) normal for a ReLU network as torchvision's ResNet uses it
 * (`mode="fan_out"`): std = sqrt(2 / (outChannels·kh·kw)). `shape` is HWIO.
 */
export function kaimingNormalConv(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  const [kh, kw, , outChannels] = shape;
  const std = Math.sqrt(2 / (outChannels * kh * kw));
  return tf.randomNormal(shape, 0, std, "float32", seed);
}

/**
 * PyTorch's default for `nn.Linear` / `nn.Conv2d` weights and biases (kaiming_uniform with
 * a = √5, which reduces to U(−1/√fanIn, 1/√fanIn)).
 */
export function torchDefaultUniform(shape: number[], fanIn: number, seed: number): tf.Tensor {
  const bound = 1 / Math.sqrt(fanIn);
  return tf.randomUniform(shape, -bound, bound, "float32", seed);
}
