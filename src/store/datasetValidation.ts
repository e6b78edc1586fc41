// The form's validation when the chosen dataset is one loaded from files: core's validator
// with the dataset's image shape, and the sizes checked against the images the files hold.
import type { ExperimentConfig } from "../core/types";
import { type Draft, type Validation, validateDraft } from "./configDraft";

/** What validation needs to know of a loaded dataset (a DatasetSummary has it all). */
export interface LoadedDataset {
  name: string;
  shape: [number, number, number];
  trainCount: number;
  testCount: number;
}

export function validateWithDatasets(draft: Draft, loaded: readonly LoadedDataset[]): Validation {
  const dataset = loaded.find((candidate) => candidate.name === draft.dataset);
  const validation = validateDraft(draft, dataset ? { imageShape: dataset.shape } : {});
  if (!validation.config || !dataset) return validation;
  const errors = sizeErrors(validation.config, dataset);
  return Object.keys(errors).length > 0 ? { config: null, errors } : validation;
}

function sizeErrors(config: ExperimentConfig, dataset: LoadedDataset): Record<string, string> {
  const errors: Record<string, string> = {};
  if (config.trainSize > dataset.trainCount) {
    errors.trainSize = `trainSize: must be at most the ${dataset.trainCount} training images of ${dataset.name}, got ${config.trainSize}`;
  }
  if (config.testSize > dataset.testCount) {
    errors.testSize = `testSize: must be at most the ${dataset.testCount} test images of ${dataset.name}, got ${config.testSize}`;
  }
  return errors;
}
