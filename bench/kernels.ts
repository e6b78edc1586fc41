// Kernels per step: what tfjs's profiler records, less the op-level entries (customGrad's
// "forward", "…__op") that run no backend kernel of their own; and, on WebGPU, the compute
// dispatches the backend records (a kernel can dispatch several programs, or none: Reshape).
import * as tf from "@tensorflow/tfjs";

/** The backend kernels among profiled entries: those registered for `backend`. */
export function backendKernels(names: string[], backend: string): string[] {
  return names.filter((name) => tf.getKernel(name, backend) !== undefined);
}

export interface KernelCount {
  kernels: number;
  /** Compute passes' dispatches (WebGPU only). */
  dispatches?: number;
}

interface DispatchRecorder {
  recordAndSubmit: (...args: unknown[]) => unknown;
}

function isDispatchRecorder(backend: unknown): backend is DispatchRecorder {
  return typeof (backend as Partial<DispatchRecorder>)?.recordAndSubmit === "function";
}

/** Counts one run of `step` on the current backend. */
export async function countKernels(step: () => Promise<unknown>): Promise<KernelCount> {
  const backendName = tf.getBackend();
  const backend: unknown = tf.backend();
  let dispatches = 0;
  let restore: (() => void) | null = null;
  if (backendName === "webgpu" && isDispatchRecorder(backend)) {
    const original = backend.recordAndSubmit;
    backend.recordAndSubmit = (...args: unknown[]) => {
      dispatches++;
      return original.apply(backend, args);
    };
    restore = () => {
      backend.recordAndSubmit = original;
    };
  }
  try {
    const info = await tf.profile(async () => {
      await step();
    });
    const kernels = backendKernels(
      info.kernels.map((k) => k.name),
      backendName,
    ).length;
    return restore === null ? { kernels } : { kernels, dispatches };
  } finally {
    restore?.();
  }
}
