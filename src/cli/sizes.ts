// trainSize and testSize with --data-file. A size the --config file gives must fit the files;
// one it leaves out is each split whole (capped at what a run may take), or the preset's
// where that fits, with a note saying which.
import { CONFIG_LIMITS } from "../core/config";
import { type SplitCounts, splitSizeErrors, wholeSplitSizes } from "../core/data/custom";
import { UsageError } from "./errors";

const SIZE_KEYS = ["trainSize", "testSize"] as const;

/** The merged input with the sizes the --config file (`given`) leaves out fitted to the files. */
export function withDataSizes(
  input: Record<string, unknown>,
  given: Record<string, unknown>,
  counts: SplitCounts,
  note: (message: string) => void,
): Record<string, unknown> {
  const whole = wholeSplitSizes(counts);
  const available = { trainSize: counts.trainCount, testSize: counts.testCount };
  const fitted = { ...input };
  for (const key of SIZE_KEYS) {
    if (given[key] !== undefined) continue;
    const preset = input[key];
    if (typeof preset === "number" && preset <= available[key]) continue;
    fitted[key] = whole[key];
    const instead = typeof preset === "number" ? `, not the preset's ${preset}` : "";
    const held =
      whole[key] < available[key]
        ? `of the ${available[key]} the files hold: a run takes at most ${CONFIG_LIMITS.images}; set ${key} to choose`
        : "all the files hold";
    note(`${key} follows the data: ${whole[key]} (${held}${instead})`);
  }
  return fitted;
}

/** Throws for a size that asks for more images than the files hold, naming the key and the count. */
export function checkDataSizes(sizes: Record<(typeof SIZE_KEYS)[number], number>, counts: SplitCounts): void {
  const [first] = splitSizeErrors(counts, sizes);
  if (first) throw new UsageError(`${first.message}; leave ${first.key} out of --config to take them all`);
}
