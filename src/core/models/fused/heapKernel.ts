// Kernels over the WASM backend's heap: one registered kernel where tfjs would run a chain of
// small ones. The compute is JavaScript where it is mostly copying (the optimizer's update,
// train/updateKernel.ts; columns.ts), and our SIMD module where it is arithmetic
// (simdKernels.ts): JS has no SIMD, and LayerNorm and GELU written in JS made the reference
// step slower (docs/performance.md). Other backends keep the op chains.
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

const BACKEND = "wasm";

/**
 * Computes `outputs` (already allocated, same order as the kernel's outputs) from `inputs`,
 * views of the inputs' float32 data on the heap of `backend`.
 */
export type HeapCompute = (
  inputs: Record<string, Float32Array>,
  outputs: Float32Array[],
  attrs: tf.NamedAttrMap,
  backend: BackendWasm,
) => void;

/** The shapes of a kernel's outputs, from its inputs and attributes. */
export type OutputShapes = (inputs: Record<string, tf.TensorInfo>, attrs: tf.NamedAttrMap) => number[][];

/**
 * Registers `kernelName` for the WASM backend (once; the backend need not be loaded yet).
 * Its float32 outputs are allocated first and the views taken after: allocating may grow
 * the heap, which detaches views taken before.
 */
export function registerHeapKernel(kernelName: string, shapes: OutputShapes, compute: HeapCompute): void {
  if (tf.getKernel(kernelName, BACKEND) !== undefined) return;
  tf.registerKernel({
    kernelName,
    backendName: BACKEND,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const wasm = backend as BackendWasm;
      const named = inputs as Record<string, tf.TensorInfo>;
      for (const [name, info] of Object.entries(named)) {
        if (info.dtype !== "float32")
          throw new Error(`${kernelName}: input ${name} is ${info.dtype}, not float32`);
      }
      const options = attrs ?? {};
      const outputs = shapes(named, options).map((shape) => wasm.makeOutput(shape, "float32"));
      const views: Record<string, Float32Array> = {};
      for (const [name, info] of Object.entries(named)) views[name] = floats(wasm, info);
      compute(
        views,
        outputs.map((info) => floats(wasm, info)),
        options,
        wasm,
      );
      return outputs;
    },
  });
}

function floats(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Whether the current backend has `kernelName` registered (the fused path applies). */
export function backendHas(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

/**
 * Runs `kernelName` on named tensors; the outputs, in the kernel's order. Call it only where
 * no tape records it (inside a customGrad, or outside any gradient): it has no gradient.
 * Caller owns the results.
 */
export function runHeapKernel(
  kernelName: string,
  inputs: Record<string, tf.Tensor>,
  attrs: tf.NamedAttrMap,
): tf.Tensor[] {
  const out = tf.engine().runKernel(kernelName, inputs, attrs);
  return Array.isArray(out) ? out : [out];
}
