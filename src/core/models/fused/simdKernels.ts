// LayerNorm and exact GELU, forward and backward, as one WASM kernel each, computed by our
// SIMD module (simd.wat) on the backend's heap: 4 kernels per LayerNorm instead of 22, 4 per
// GELU instead of 15 (forward, the saves' clones, backward). Registered only where WebAssembly
// SIMD runs; other backends keep layers.ts's op chains.
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { saveForBackward } from "../saved";
import { registerHeapKernel, runHeapKernel } from "./heapKernel";
import { runSimd, simdAvailable } from "./simdModule";

/** x [.., D], gamma [D], beta [D] → y (x's shape), stats [rows, 2] (each row's μ and 1/σ). */
export const LAYER_NORM = "LabLayerNorm";
/** dy, x, stats, gamma → dx, dgamma, dbeta. */
export const LAYER_NORM_GRAD = "LabLayerNormGrad";
/** x → x·Φ(x), Φ(x). */
export const GELU = "LabGelu";
/** dy, x, cdf (Φ(x)) → dy·(Φ(x) + x·φ(x)). */
export const GELU_GRAD = "LabGeluGrad";

type Heap = Parameters<typeof runSimd>[4];

/** The backend's WebAssembly.Memory (Emscripten exports it as asm.memory), if it has one. */
function heapOf(backend: BackendWasm): Heap {
  const module = backend.wasm as unknown as { asm?: { memory?: Heap }; wasmMemory?: Heap };
  return module.asm?.memory ?? module.wasmMemory ?? null;
}

const features = (info: tf.TensorInfo) => info.shape[info.shape.length - 1] ?? 1;

if (simdAvailable) {
  registerHeapKernel(
    LAYER_NORM,
    ({ x }) => [x!.shape, [tf.util.sizeFromShape(x!.shape) / features(x!), 2]],
    ({ x, gamma, beta }, [y, stats], attrs, backend) => {
      const cols = gamma!.length;
      const sizes = [stats!.length / 2, cols, attrs.eps as number];
      runSimd("layer_norm", [x!, gamma!, beta!], [y!, stats!], sizes, heapOf(backend));
    },
  );
  registerHeapKernel(
    LAYER_NORM_GRAD,
    ({ x, gamma }) => [x!.shape, gamma!.shape, gamma!.shape],
    ({ dy, x, stats, gamma }, [dx, dGamma, dBeta], _attrs, backend) => {
      const sizes = [stats!.length / 2, gamma!.length];
      runSimd("layer_norm_grad", [dy!, x!, stats!, gamma!], [dx!, dGamma!, dBeta!], sizes, heapOf(backend));
    },
  );
  registerHeapKernel(
    GELU,
    ({ x }) => [x!.shape, x!.shape],
    ({ x }, [y, cdf], _attrs, backend) => runSimd("gelu", [x!], [y!, cdf!], [x!.length], heapOf(backend)),
  );
  registerHeapKernel(
    GELU_GRAD,
    ({ x }) => [x!.shape],
    ({ dy, x, cdf }, [dx], _attrs, backend) =>
      runSimd("gelu_grad", [dy!, x!, cdf!], [dx!], [x!.length], heapOf(backend)),
  );
}

/**
 * LayerNorm over the last axis as the two kernels, under one tape entry saving x and the
 * per-row stats (and γ unless it is a variable). Call only where backendHas(LAYER_NORM). Caller owns the result.
 */
export function simdLayerNorm(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, eps: number): tf.Tensor {
  const op = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, gamma, beta, save] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [y, stats] = runHeapKernel(LAYER_NORM, { x: input, gamma, beta }, { eps }) as [
      tf.Tensor,
      tf.Tensor,
    ];
    const restore = saveForBackward(save, [input, stats, gamma]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedX, savedStats, savedGamma] = restore(saved) as [tf.Tensor, tf.Tensor, tf.Tensor];
        return runHeapKernel(LAYER_NORM_GRAD, { dy, x: savedX, stats: savedStats, gamma: savedGamma }, {});
      },
    };
  });
  return op(x, weight, bias);
}

/**
 * Exact GELU as the two kernels, under one tape entry saving x and Φ(x): the backward then
 * needs one e^ per entry, where recomputing Φ would cost about three times that.
 * Caller owns the result.
 */
export const simdGelu = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, save] = inputs as [tf.Tensor, tf.GradSaveFunc];
  const [y, cdf] = runHeapKernel(GELU, { x }, {}) as [tf.Tensor, tf.Tensor];
  save([x, cdf]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [savedX, savedCdf] = saved as [tf.Tensor, tf.Tensor];
      return runHeapKernel(GELU_GRAD, { dy, x: savedX, cdf: savedCdf }, {})[0]!;
    },
  };
});
