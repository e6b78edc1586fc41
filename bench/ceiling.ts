// The practical ceiling of a backend: GFLOP/s of one large square matMul, the best case for
// its matrix kernel, sampled in the same process between the runs it is compared with.
import * as tf from "@tensorflow/tfjs";

export interface MatMulProbe {
  /** One size×size product, read back. */
  run(): Promise<void>;
  /** GFLOP/s of a product that took `ms`. */
  gflops(ms: number): number;
  dispose(): void;
}

export function createMatMulProbe(size: number): MatMulProbe {
  const a = tf.randomNormal([size, size]);
  const b = tf.randomNormal([size, size]);
  return {
    async run() {
      const product = tf.matMul(a, b);
      await product.data();
      product.dispose();
    },
    gflops: (ms) => (2 * size ** 3) / (ms * 1e6),
    dispose: () => tf.dispose([a, b]),
  };
}
