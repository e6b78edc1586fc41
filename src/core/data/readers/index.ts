export { type Cifar100Label, parseCifarRecords } from "./cifar";
export {
  type DatasetFile,
  DEFAULT_MAX_FILE_BYTES,
  type FileDataset,
  type ParseDatasetOptions,
  type ParseDatasetResult,
  parseDatasetFiles,
} from "./dataset-files";
export { fnv1a64 } from "./fnv1a";
export { parseIdxImages, parseIdxLabels } from "./idx";
