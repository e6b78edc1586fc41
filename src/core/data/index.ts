export { type Batch, type Batcher, createBatcher, epochOrder, MAX_SHIFT } from "./batches";
export { type DatasetInfo, datasetInfo } from "./catalog";
export { type MnistPool, parseMnistBin } from "./mnist";
export { type DatasetSources, datasetFromPool, prepareDataset } from "./prepare";
export { channelStats, selectImages, splitPool } from "./split";
export { generateSynthetic, SYNTHETIC_CLASSES, SYNTHETIC_SIDE } from "./synthetic";
