// The data of a run in the training worker: nothing to fetch here for a built-in dataset,
// else the dataset kept in IndexedDB under the config's `dataset` name.
import { datasetInfo } from "../src/core/data";
import type { FileDataset } from "../src/core/data/readers";
import { readKeptDataset } from "../src/platform/keptDatasets";

/** The loaded dataset named `name`, or null when `name` is built in. */
export async function keptDatasetFor(name: string): Promise<FileDataset | null> {
  if (datasetInfo(name)) return null;
  const kept = await readKeptDataset(name);
  if (!kept) {
    throw new Error(
      `dataset "${name}" is not loaded in this browser: load its files in the Data panel first`,
    );
  }
  return kept;
}
