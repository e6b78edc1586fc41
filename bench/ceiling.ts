// The practical ceiling of a backend: GFLOP/s of one large square matMul, the best case for
// its matrix kernel, measured in the same process as the model it is compared with.
import * as tf from "@tensorflow/tfjs";
import { timeRuns } from "./stats";

export async function matMulGflops(size: number, warmup: number, samples: number): Promise<number> {
  const a = tf.randomNormal([size, size]);
  const b = tf.randomNormal([size, size]);
  const timing = await timeRuns(
    async () => {
      const product = tf.matMul(a, b);
      await product.data();
      product.dispose();
    },
    warmup,
    samples,
  );
  tf.dispose([a, b]);
  return (2 * size ** 3) / (timing.wall.median * 1e6);
}
