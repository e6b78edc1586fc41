// Loaded datasets kept in IndexedDB, so that a reload does not ask for the files again.
// Summaries and pixels live in separate stores: the page lists the small summaries; only
// the training worker reads the pixels. One dataset per name: loading again replaces it.
// Used from the main thread and from workers (IndexedDB is available in both).
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { FileDataset } from "../core/data/formats";
import type { DatasetSummary } from "./datasetSummary";

export const DATASET_DB_NAME = "pruning-lab-datasets";
const DATASET_DB_VERSION = 1;

interface DatasetDb extends DBSchema {
  summaries: { key: string; value: DatasetSummary };
  pixels: { key: string; value: FileDataset };
}

let opening: Promise<IDBPDatabase<DatasetDb>> | null = null;

function datasetDb(): Promise<IDBPDatabase<DatasetDb>> {
  opening ??= openDB<DatasetDb>(DATASET_DB_NAME, DATASET_DB_VERSION, {
    upgrade(db) {
      db.createObjectStore("summaries", { keyPath: "name" });
      db.createObjectStore("pixels");
    },
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

/** The kept datasets, the most recently loaded first. */
export async function listKeptDatasets(): Promise<DatasetSummary[]> {
  const summaries = await (await datasetDb()).getAll("summaries");
  return summaries.sort((a, b) => b.loadedAt.localeCompare(a.loadedAt));
}

export async function readKeptDataset(name: string): Promise<FileDataset | undefined> {
  return (await datasetDb()).get("pixels", name);
}

/** Keeps a dataset (both parts in one transaction), replacing any of the same name. */
export async function keepDataset(summary: DatasetSummary, data: FileDataset): Promise<void> {
  const transaction = (await datasetDb()).transaction(["summaries", "pixels"], "readwrite");
  await Promise.all([
    transaction.objectStore("summaries").put(summary),
    transaction.objectStore("pixels").put(data, summary.name),
    transaction.done,
  ]);
}

export async function forgetKeptDataset(name: string): Promise<void> {
  const transaction = (await datasetDb()).transaction(["summaries", "pixels"], "readwrite");
  await Promise.all([
    transaction.objectStore("summaries").delete(name),
    transaction.objectStore("pixels").delete(name),
    transaction.done,
  ]);
}
