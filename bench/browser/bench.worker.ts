// The reference training rows of `npm run bench`, timed inside Chromium in a module worker, as
// the lab's training worker runs them: the same bench code, the backend the lab would pick.
import * as tf from "@tensorflow/tfjs";
import { getThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import { expose } from "comlink";
import { CONFIG_CHOICES } from "../../src/core/config";
import { errorMessage } from "../../src/core/errorMessage";
import type { BackendName } from "../../src/core/types";
import { chooseBackend } from "../../workers/backend";
import type { BenchRecord } from "../record";
import { benchTraining, TRAINING_ROWS } from "../training";
import type { BenchFailure, BrowserBench } from "./protocol";

/** The backends a run may be forced onto (every choice but "auto"). */
const BACKENDS = CONFIG_CHOICES.backend.filter((choice): choice is BackendName => choice !== "auto");

/** Fewer samples on the GPU backends: headless, they run on SwiftShader, a CPU rasterizer. */
function runsFor(backend: BackendName, quick: boolean): { warmup: number; samples: number } {
  if (backend === "wasm") return quick ? { warmup: 3, samples: 10 } : { warmup: 5, samples: 30 };
  return quick ? { warmup: 1, samples: 2 } : { warmup: 2, samples: 5 };
}

const bench: BrowserBench = {
  async run(backend, label, quick, log) {
    const name = BACKENDS.find((candidate) => candidate === backend);
    if (name === undefined)
      throw new Error(`unknown backend "${backend}"; use one of ${BACKENDS.join(", ")}`);
    // A fixed backend: nothing is timed, so the timing function is never called.
    await chooseBackend(
      name,
      async () => {},
      async () => ({ msPerStep: 0 }),
      "bench",
    );
    if (name === "wasm") {
      const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
      log(
        `${label}: threaded WASM build ${threads ? "loaded" : "not available"}, ${navigator.hardwareConcurrency} logical cores`,
      );
    }
    const records: BenchRecord[] = [];
    const failures: BenchFailure[] = [];
    for (const [arch, row] of TRAINING_ROWS) {
      try {
        const record = await benchTraining(arch, row, label, 1024, runsFor(name, quick));
        records.push(record);
        log(
          `${label}: ${row} ${record.msPerStep.median.toFixed(1)} ms, ${record.gflops.toFixed(2)} of ${record.ceilingGflops.toFixed(1)} GFLOP/s`,
        );
      } catch (error) {
        const reason = errorMessage(error);
        failures.push({ name: row, backend: label, reason });
        log(`${label}: ${row} failed: ${reason}`);
      }
    }
    return {
      records,
      failures,
      crossOriginIsolated: self.crossOriginIsolated,
      wasmThreads: name === "wasm" ? getThreadsCount() : 0,
    };
  },
};

expose(bench);
