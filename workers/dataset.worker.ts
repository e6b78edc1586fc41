// The dataset worker: reads, parses and keeps the user's files off the main thread.
import * as Comlink from "comlink";
import { type DatasetWorkerApi, loadDatasetFiles } from "../src/lib/datasetLoad";
import { keepDataset } from "../src/lib/datasetStore";

const api: DatasetWorkerApi = {
  load(files, options, onProgress) {
    return loadDatasetFiles(files, options, onProgress, { keep: keepDataset, now: () => new Date() });
  },
};

Comlink.expose(api);
