// One-click fixes the data panel offers when a loaded dataset does not fit the config: a ViT
// patch size that divides the image, and sizes no larger than the files' splits. And the
// sizes a draft takes when a loaded dataset is chosen and the user has not set them.
import { wholeSplitSizes } from "../core/data/custom";
import { type Draft, getAt, setAt } from "./configDraft";
import type { LoadedDataset } from "./datasetValidation";

export interface ConfigFix {
  /** Dotted config key. */
  key: string;
  value: number;
  reason: string;
}

export function fixesFor(draft: Draft, dataset: LoadedDataset): ConfigFix[] {
  const fixes: ConfigFix[] = [];
  const [height, width] = dataset.shape;
  const patchSize = getAt(draft, "model.patchSize");
  const dividesImage = (size: number) => height % size === 0 && width % size === 0;
  if (draft.arch !== "resnet" && isPositiveInteger(patchSize) && !dividesImage(patchSize)) {
    const value = nearestDivisor(greatestCommonDivisor(height, width), patchSize);
    fixes.push({
      key: "model.patchSize",
      value,
      reason: `patch size ${patchSize} does not divide ${height}×${width}`,
    });
  }
  const sizes = [
    ["trainSize", dataset.trainCount, "training"],
    ["testSize", dataset.testCount, "test"],
  ] as const;
  for (const [key, available, split] of sizes) {
    const wanted = draft[key];
    if (typeof wanted === "number" && wanted > available) {
      fixes.push({
        key,
        value: available,
        reason: `${dataset.name} has ${available} ${split} images, not ${wanted}`,
      });
    }
  }
  return fixes;
}

/**
 * The draft with `dataset` chosen: the sizes the user has not set (absent, or still those of
 * `untouched`, the draft before the user's edits, e.g. its preset's) become each split whole.
 */
export function followDatasetSizes(draft: Draft, dataset: LoadedDataset, untouched: Draft | null): Draft {
  const whole = wholeSplitSizes(dataset);
  let followed = setAt(draft, "dataset", dataset.name);
  for (const key of ["trainSize", "testSize"] as const) {
    const value = draft[key];
    if (value === undefined || (untouched !== null && value === untouched[key])) {
      followed = setAt(followed, key, whole[key]);
    }
  }
  return followed;
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1;
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/** The divisor of `n` closest to `target`; the larger one on a tie (fewer tokens, faster). */
export function nearestDivisor(n: number, target: number): number {
  let best = 1;
  for (let d = 1; d <= n; d++) {
    if (n % d === 0 && Math.abs(d - target) <= Math.abs(best - target)) best = d;
  }
  return best;
}
