// Picks the tfjs backend inside the worker. "auto" times real training steps on WASM, WebGPU
// and WebGL and keeps the fastest (CPU only when none works), remembered per model shape;
// a forced backend is used or the run fails.
import * as tf from "@tensorflow/tfjs";
import { errorMessage } from "../src/core/errorMessage";
import "@tensorflow/tfjs-backend-webgpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import wasmPlainUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import wasmSimdUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import wasmThreadedSimdUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";
import type { BackendChoice, BackendName } from "../src/core/types";
import { rememberChoice, rememberedChoice } from "./backendChoiceStore";
import { type BackendTiming, chooseFastest, describeTimings } from "./backendChooser";
import type { BackendFallback, BackendReport } from "./protocol";

setWasmPaths({
  "tfjs-backend-wasm.wasm": wasmPlainUrl,
  "tfjs-backend-wasm-simd.wasm": wasmSimdUrl,
  "tfjs-backend-wasm-threaded-simd.wasm": wasmThreadedSimdUrl,
});

/** The part of the WebGPU API this module touches (the DOM typings here do not include it). */
interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string };
}

/** "software adapter (SwiftShader)" for a CPU-emulated WebGPU, where one step takes seconds. */
function softwareAdapter(adapter: AdapterLike): string | null {
  const info = adapter.info ?? {};
  const text = `${info.vendor ?? ""} ${info.architecture ?? ""} ${info.description ?? ""}`.toLowerCase();
  if (text.includes("swiftshader")) return "software adapter (SwiftShader)";
  return adapter.isFallbackAdapter ? "software (fallback) adapter" : null;
}

function webGpuOf(nav: object): GpuLike | undefined {
  return "gpu" in nav ? (nav.gpu as GpuLike | undefined) : undefined;
}

/**
 * Why `name` cannot be used here, or null when it is now the active backend. `probe` runs a
 * real training step on it, since shaders and pipelines fail only when first compiled.
 */
async function whyUnavailable(
  name: BackendName,
  probe: () => Promise<void>,
  refuseSoftwareGpu = false,
): Promise<string | null> {
  try {
    if (name === "webgpu") {
      const gpu = webGpuOf(navigator);
      if (!gpu) return "navigator.gpu is missing (this browser or context does not expose WebGPU)";
      const adapter = await gpu.requestAdapter();
      if (!adapter) return "navigator.gpu.requestAdapter() found no adapter";
      // A software adapter would take seconds per step: not timed, so choosing stays quick.
      const software = refuseSoftwareGpu ? softwareAdapter(adapter) : null;
      if (software) return `${software}, not timed (seconds per step)`;
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

export { forgetBackendChoices } from "./backendChoiceStore";

/**
 * `probe` runs a real training step (it must not throw for a backend to count as working);
 * `time` times steps of the configured model within a budget, for "auto". `shapeKey` names the
 * model shape the "auto" choice is remembered for.
 */
export async function chooseBackend(
  choice: BackendChoice,
  probe: () => Promise<void>,
  time: (budgetMs: number) => Promise<{ msPerStep: number; remark?: string }>,
  shapeKey: string,
): Promise<BackendReport> {
  if (choice !== "auto") {
    const reason = await whyUnavailable(choice, probe);
    if (reason === null) return { backend: choice, fallbacks: [] };
    throw new Error(`The ${choice} backend is not available here: ${reason}. Choose "auto" to fall back.`);
  }
  const remembered = await rememberedChoice(shapeKey);
  if (remembered && (await whyUnavailable(remembered.backend, probe)) === null) {
    return reportOf(remembered, "measured earlier for this model shape");
  }
  const chosen = await chooseFastest(async (backend, budgetMs) => {
    const reason = await whyUnavailable(backend, probe, true);
    if (reason !== null) throw new Error(reason);
    return time(budgetMs);
  });
  // Timing left the last backend timed active: switch to the winner.
  const reason = await whyUnavailable(chosen.backend, probe);
  if (reason !== null) throw new Error(`The ${chosen.backend} backend failed after it was timed: ${reason}`);
  await rememberChoice(shapeKey, { backend: chosen.backend, timings: chosen.timings });
  return reportOf(chosen, null);
}

function reportOf(
  chosen: { backend: BackendName; timings: BackendTiming[] },
  remark: string | null,
): BackendReport {
  const fallbacks: BackendFallback[] = chosen.timings
    .filter((t) => t.backend !== chosen.backend)
    .map((t) => ({ backend: t.backend, reason: describeTimings([t]).replace(`${t.backend}: `, "") }));
  const summary = describeTimings(chosen.timings);
  return {
    backend: chosen.backend,
    fallbacks,
    timings: chosen.timings,
    summary: remark ? `${summary} (${remark})` : summary,
  };
}
