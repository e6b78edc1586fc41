// Picks the tfjs backend inside the worker. "auto" tries WebGPU, WebGL, WASM, then CPU and
// records why each one was passed over; a forced backend is used or the run fails.
import * as tf from "@tensorflow/tfjs";
import { errorMessage } from "../src/core/errorMessage";
import "@tensorflow/tfjs-backend-webgpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import wasmPlainUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import wasmSimdUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import wasmThreadedSimdUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";
import type { BackendChoice, BackendName } from "../src/core/types";
import type { BackendFallback, BackendReport } from "./protocol";

const AUTO_ORDER: BackendName[] = ["webgpu", "webgl", "wasm", "cpu"];

setWasmPaths({
  "tfjs-backend-wasm.wasm": wasmPlainUrl,
  "tfjs-backend-wasm-simd.wasm": wasmSimdUrl,
  "tfjs-backend-wasm-threaded-simd.wasm": wasmThreadedSimdUrl,
});

/** The part of the WebGPU API this module touches (the DOM typings here do not include it). */
interface GpuLike {
  requestAdapter(): Promise<object | null>;
}

function webGpuOf(nav: object): GpuLike | undefined {
  return "gpu" in nav ? (nav.gpu as GpuLike | undefined) : undefined;
}

/**
 * Why `name` cannot be used here, or null when it is now the active backend. `probe` runs a
 * real training step on it, since shaders and pipelines fail only when first compiled.
 */
async function whyUnavailable(name: BackendName, probe: () => Promise<void>): Promise<string | null> {
  try {
    if (name === "webgpu") {
      const gpu = webGpuOf(navigator);
      if (!gpu) return "navigator.gpu is missing (this browser or context does not expose WebGPU)";
      const adapter = await gpu.requestAdapter();
      if (!adapter) return "navigator.gpu.requestAdapter() found no adapter";
    }
    const ok = await tf.setBackend(name);
    if (!ok) return `tfjs could not initialize the ${name} backend`;
    await tf.ready();
  } catch (error) {
    return `initialization failed: ${errorMessage(error)}`;
  }
  try {
    await probe();
    return null;
  } catch (error) {
    return `a test training step failed: ${errorMessage(error)}`;
  }
}

export async function chooseBackend(
  choice: BackendChoice,
  probe: () => Promise<void>,
): Promise<BackendReport> {
  const candidates = choice === "auto" ? AUTO_ORDER : [choice];
  const fallbacks: BackendFallback[] = [];
  for (const backend of candidates) {
    const reason = await whyUnavailable(backend, probe);
    if (reason === null) return { backend, fallbacks };
    fallbacks.push({ backend, reason });
  }
  if (choice !== "auto") {
    throw new Error(
      `The ${choice} backend is not available here: ${fallbacks[0]?.reason}. Choose "auto" to fall back.`,
    );
  }
  const tried = fallbacks.map((f) => `${f.backend}: ${f.reason}`).join("; ");
  throw new Error(`No usable backend (${tried}).`);
}
