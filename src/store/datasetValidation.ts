// The form's validation when the chosen dataset is one loaded from files: core's validator
// with the dataset's image shape, and the sizes checked against the images the files hold.
// Sizes the draft leaves out are each split whole, as in the CLI (core's wholeSplitSizes).
import { splitSizeErrors, wholeSplitSizes } from "../core/data/custom";
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
  if (!dataset) return validateDraft(draft, {});
  const sized = { ...wholeSplitSizes(dataset), ...withoutUndefined(draft) };
  const validation = validateDraft(sized, { imageShape: dataset.shape });
  // Core's message for a key comes first: a size that is no number at all says so.
  const sizeErrors = Object.fromEntries(splitSizeErrors(dataset, sized).map((e) => [e.key, e.message]));
  const errors = { ...sizeErrors, ...validation.errors };
  return Object.keys(errors).length > 0 ? { config: null, errors } : validation;
}

/** Core's resolver treats an undefined key as absent; so do the sizes here. */
function withoutUndefined(draft: Draft): Draft {
  return Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== undefined));
}
