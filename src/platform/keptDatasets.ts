// Loaded datasets kept in IndexedDB, so that a reload does not ask for the files again.
// Summaries and pixels live in separate stores: the page lists the small summaries; only
// the training worker reads the pixels. One dataset per name: loading again replaces it.
// Used from the main thread and from workers (IndexedDB is available in both).
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { FileDataset } from "../core/data/readers";
import type { DatasetSummary } from "../core/data/summary";
import type { ImageSet } from "../core/types";

export const DATASET_DB_NAME = "pruning-lab-datasets";
const DATASET_DB_VERSION = 1;

/**
 * Images are kept as Blobs: Chrome refuses a serialized value over about 133 MB in private
 * windows (CIFAR-10's training images are 154 MB), and writes and reads Blobs faster.
 */
interface KeptImageSet {
  images: Blob;
  labels: Uint8Array;
  count: number;
}

interface KeptPixels extends Omit<FileDataset, "train" | "test"> {
  train: KeptImageSet;
  test: KeptImageSet;
}

interface DatasetDb extends DBSchema {
  summaries: { key: string; value: DatasetSummary };
  pixels: { key: string; value: KeptPixels };
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
  const kept = await (await datasetDb()).get("pixels", name);
  if (!kept) return undefined;
  const [train, test] = await Promise.all([fromKept(kept.train), fromKept(kept.test)]);
  return { ...kept, train, test };
}

/** Keeps a dataset (both parts in one transaction), replacing any of the same name. */
export async function keepDataset(summary: DatasetSummary, data: FileDataset): Promise<void> {
  const pixels: KeptPixels = { ...data, train: toKept(data.train), test: toKept(data.test) };
  const transaction = (await datasetDb()).transaction(["summaries", "pixels"], "readwrite");
  try {
    await Promise.all([
      transaction.objectStore("summaries").put(summary),
      transaction.objectStore("pixels").put(pixels, summary.name),
      transaction.done,
    ]);
  } catch (error) {
    // A request fails with a bare AbortError; the transaction holds the cause (e.g. the quota).
    const cause = transaction.error ?? error;
    throw cause instanceof DOMException ? new Error(`${cause.name}: ${cause.message}`) : cause;
  }
}

export async function forgetKeptDataset(name: string): Promise<void> {
  const transaction = (await datasetDb()).transaction(["summaries", "pixels"], "readwrite");
  await Promise.all([
    transaction.objectStore("summaries").delete(name),
    transaction.objectStore("pixels").delete(name),
    transaction.done,
  ]);
}

function toKept(set: ImageSet): KeptImageSet {
  const { images } = set;
  // A Blob takes views of plain ArrayBuffers; the parsers never make shared ones.
  const view =
    images.buffer instanceof ArrayBuffer
      ? new Uint8Array(images.buffer, images.byteOffset, images.length)
      : new Uint8Array(images);
  return { images: new Blob([view]), labels: set.labels, count: set.count };
}

async function fromKept(set: KeptImageSet): Promise<ImageSet> {
  return { images: new Uint8Array(await set.images.arrayBuffer()), labels: set.labels, count: set.count };
}
