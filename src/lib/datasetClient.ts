// The main thread's handle on dataset loading: a dataset worker per load (parsing never
// touches the main thread), and the kept datasets' summaries from IndexedDB.
import * as Comlink from "comlink";
import type { DatasetWorkerApi, LoadOptions, LoadOutcome, LoadProgress } from "../../workers/protocol";
import type { DatasetSummary } from "../core/data/summary";
import { forgetKeptDataset, listKeptDatasets } from "../platform/keptDatasets";

export type { LoadOptions, LoadOutcome, LoadProgress, LoadStage } from "../../workers/protocol";

export interface DatasetLoader {
  /** The datasets kept from earlier loads, the most recent first. */
  list(): Promise<DatasetSummary[]>;
  load(
    files: File[],
    options: LoadOptions,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<LoadOutcome>;
  forget(name: string): Promise<void>;
}

export function createWorkerDatasetLoader(): DatasetLoader {
  return {
    list: listKeptDatasets,
    forget: forgetKeptDataset,
    async load(files, options, onProgress) {
      const worker = new Worker(new URL("../../workers/dataset.worker.ts", import.meta.url), {
        type: "module",
      });
      const remote = Comlink.wrap<DatasetWorkerApi>(worker);
      try {
        return await remote.load(files, options, Comlink.proxy(onProgress));
      } finally {
        remote[Comlink.releaseProxy]();
        worker.terminate();
      }
    },
  };
}
