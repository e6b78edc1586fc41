// The dataset worker: reads, parses and keeps the user's files off the main thread.
import * as Comlink from "comlink";
import { keepDataset } from "../src/platform/keptDatasets";
import { loadDatasetFiles } from "./datasetLoad";
import type { DatasetWorkerApi } from "./protocol";

const api: DatasetWorkerApi = {
  load(files, options, onProgress) {
    return loadDatasetFiles(files, options, onProgress, { keep: keepDataset, now: () => new Date() });
  },
};

Comlink.expose(api);
