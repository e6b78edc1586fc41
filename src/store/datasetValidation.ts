// The form's validation when the chosen dataset is one loaded from files: core's validator
// with the dataset's image shape, and the sizes checked against the images the files hold.
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
  if (!dataset) return validation;
  // Core's message for a key comes first: a size that is no number at all says so.
  const errors = { ...sizeErrors(draft, dataset), ...validation.errors };
  return Object.keys(errors).length > 0 ? { config: null, errors } : validation;
}

function sizeErrors(draft: Draft, dataset: LoadedDataset): Record<string, string> {
  const errors: Record<string, string> = {};
  const { trainSize, testSize } = draft;
  if (typeof trainSize === "number" && trainSize > dataset.trainCount) {
    errors.trainSize = `trainSize: must be at most the ${dataset.trainCount} training images of ${dataset.name}, got ${trainSize}`;
  }
  if (typeof testSize === "number" && testSize > dataset.testCount) {
    errors.testSize = `testSize: must be at most the ${dataset.testCount} test images of ${dataset.name}, got ${testSize}`;
  }
  return errors;
}
