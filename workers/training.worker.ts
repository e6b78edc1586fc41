// The training worker: thin glue between comlink and src/core's experiment loop.
import * as tf from "@tensorflow/tfjs";
import { getThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import * as Comlink from "comlink";
import { encodeCheckpoint } from "../src/core/checkpoint";
import { type CheckpointMeta, metadataStrings, runCheckpointMeta } from "../src/core/checkpointMeta";
import { withMetadata } from "../src/core/compact/export";
import { compactCheckpoint, DEFAULT_LATENCY } from "../src/core/compact/summary";
import { resolveConfig } from "../src/core/config";
import { RunControl } from "../src/core/control";
import { prepareDataset } from "../src/core/data";
import { datasetFromFiles } from "../src/core/data/custom";
import { datasetEnv } from "../src/core/data/env";
import { runExperiment } from "../src/core/experiment";
import { PRETRAINED_FILES, pretrainedWeightsFor } from "../src/core/pretrained";
import type { ResumePoint } from "../src/core/resume";
import { smokeTest } from "../src/core/smoke";
import type { ExperimentConfig, RunLog } from "../src/core/types";
import { chooseBackend, forgetBackendChoices } from "./backend";
import { timeTrainingSteps } from "./backendTiming";
import { keptDatasetFor } from "./datasetForRun";
import { unlessDeviceLost } from "./deviceLoss";
import type { BackendReport, RunHandlers, RunOptions, TrainingWorkerApi } from "./protocol";
import { createStepThrottle } from "./stepThrottle";

let control: RunControl | null = null;
let mnistBytes: Promise<Uint8Array> | null = null;

async function fetchMnist(): Promise<Uint8Array> {
  return fetchPublic("data/mnist.bin");
}

/** A file under public/ (the embedded MNIST, a pretrained model). */
async function fetchPublic(path: string): Promise<Uint8Array> {
  const url = `${import.meta.env.BASE_URL}${path}`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The embedded MNIST, fetched once per worker. */
function loadMnist(): Promise<Uint8Array> {
  mnistBytes ??= fetchMnist().catch((error: unknown) => {
    mnistBytes = null;
    throw error;
  });
  return mnistBytes;
}

function describeFallbacks(report: BackendReport): string {
  return report.fallbacks.map((f) => `${f.backend}: ${f.reason}`).join("; ");
}

const api: TrainingWorkerApi = {
  async start(input: ExperimentConfig, handlers: RunHandlers, options: RunOptions = {}): Promise<RunLog> {
    if (control) throw new Error("A run is already in progress in this worker.");
    const files = await keptDatasetFor(input.dataset);
    const resolved = resolveConfig(input, files ? { imageShape: files.shape } : {});
    if (!resolved.ok) {
      const problems = resolved.errors.map((e) => `${e.key}: ${e.message}`).join("; ");
      throw new Error(`Invalid configuration: ${problems}`);
    }
    const config = resolved.config;
    const runControl = new RunControl();
    control = runControl;
    const resume = options.resume ?? null;
    const throttle = createStepThrottle((event) => handlers.onEvent(event));
    try {
      const mnist = config.dataset === "mnist" ? await loadMnist() : undefined;
      const dataset = files ? datasetFromFiles(files, config) : prepareDataset(config, { mnist });
      const report = await chooseBackend(
        config.backend,
        () => smokeTest(config, dataset.shape, dataset.numClasses),
        (budgetMs) => timeTrainingSteps(config, dataset.shape, dataset.numClasses, budgetMs),
        JSON.stringify([config.arch, config.model, dataset.shape, config.batchSize]),
      );
      handlers.onBackend(report);
      // After the backend is chosen, so the weights live on it; the session copies them in.
      const initialWeights =
        config.init === "pretrained"
          ? pretrainedWeightsFor(
              await fetchPublic(PRETRAINED_FILES[config.arch]),
              config,
              dataset.shape,
              dataset.numClasses,
            )
          : undefined;
      // The checkpoint comes before the resume point of the same iteration: hold it until then.
      // The final ticket's comes after the last resume point, and is stored beside it.
      let checkpoint: Uint8Array | null = null;
      let lastPoint: ResumePoint | null = resume;
      let meta: CheckpointMeta | null = null;
      const run = runExperiment(config, dataset, {
        onEvent: throttle.push,
        control: runControl,
        initialWeights,
        resume: resume ?? undefined,
        onCheckpoint: async (reached) => {
          meta ??= runCheckpointMeta(config, dataset, { files, mnist });
          const stamp = metadataStrings(meta, reached.kind === "final" ? "final" : reached.iteration);
          checkpoint = await encodeCheckpoint(reached, meta);
          if (reached.kind === "final") {
            if (lastPoint) await handlers.onSaved({ point: lastPoint, checkpoint });
            // A bonus on top of the run: if it fails, the run still ends well.
            const latency = { ...DEFAULT_LATENCY, batchSize: config.batchSize };
            await compactCheckpoint(reached, dataset.shape, latency).then(
              (result) =>
                handlers.onCompacted({ ...result, safetensors: withMetadata(result.safetensors, stamp) }),
              (error: unknown) => console.warn("Compaction of the pruned model failed:", error),
            );
          }
        },
        onResumePoint: async (point) => {
          throttle.flush();
          lastPoint = point;
          await handlers.onSaved({ point, checkpoint });
          checkpoint = null;
        },
        env: {
          backend: report.backend,
          backendFallbacks: describeFallbacks(report),
          userAgent: navigator.userAgent,
          crossOriginIsolated: self.crossOriginIsolated,
          ...(report.backend === "wasm" ? { wasmThreads: getThreadsCount() } : {}),
          ...datasetEnv(dataset, files?.contentHash),
        },
      });
      try {
        return await unlessDeviceLost(tf.backend(), runControl, run);
      } finally {
        if (initialWeights) tf.dispose(Object.values(initialWeights));
      }
    } finally {
      throttle.flush();
      control = null;
    }
  },
  pause() {
    control?.pause();
  },
  resume() {
    control?.resume();
  },
  async step() {
    await control?.step();
  },
  forgetBackendChoices() {
    return forgetBackendChoices();
  },
  cancel() {
    control?.cancel();
  },
};

Comlink.expose(api);
