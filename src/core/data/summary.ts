// What the page keeps about a dataset loaded from the user's files, without its pixels: shape,
// classes, counts, content hash, the parser's notes and a few sample images for the preview.
// Pure functions, shared by the dataset worker (which builds it) and the training worker.

import type { ImageSet } from "../types";
import type { FileDataset } from "./readers";

export interface DatasetFileInfo {
  name: string;
  bytes: number;
}

export interface DatasetSummary {
  /** The parser's name ("cifar10", "cifar100", "cifar100-coarse", "idx"): the config's `dataset`. */
  name: string;
  /** [height, width, channels] */
  shape: [number, number, number];
  numClasses: number;
  /** A name per class when known (CIFAR-10, or label-name files given with the data). */
  classNames: string[] | null;
  trainCount: number;
  testCount: number;
  contentHash: string;
  notes: string[];
  files: DatasetFileInfo[];
  /** ISO-8601 */
  loadedAt: string;
  /** A few training images, classes taken in turn. */
  preview: ImageSet;
}

export const PREVIEW_IMAGES = 30;

const CIFAR10_CLASS_NAMES = [
  "airplane",
  "automobile",
  "bird",
  "cat",
  "deer",
  "dog",
  "frog",
  "horse",
  "ship",
  "truck",
];

/** The label-name files of the CIFAR downloads, by the dataset they name. */
const LABEL_NAME_FILES: Record<string, string> = {
  cifar10: "batches.meta.txt",
  cifar100: "fine_label_names.txt",
  "cifar100-coarse": "coarse_label_names.txt",
};

export interface SummaryExtras {
  notes: string[];
  files: DatasetFileInfo[];
  classNames: string[] | null;
  loadedAt: string;
}

export function summarizeDataset(data: FileDataset, extras: SummaryExtras): DatasetSummary {
  const [height, width, channels] = data.shape;
  return {
    name: data.name,
    shape: [height, width, channels],
    numClasses: data.numClasses,
    classNames: extras.classNames,
    trainCount: data.train.count,
    testCount: data.test.count,
    contentHash: data.contentHash,
    notes: extras.notes,
    files: extras.files,
    loadedAt: extras.loadedAt,
    preview: pickPreview(data.train, height * width * channels, data.numClasses, PREVIEW_IMAGES),
  };
}

/**
 * Up to `limit` images of `set`, the first image of each class in class order, then the
 * second of each, and so on, so that the preview shows every class it can.
 */
export function pickPreview(
  set: ImageSet,
  pixelsPerImage: number,
  numClasses: number,
  limit: number,
): ImageSet {
  const perClass = Math.ceil(limit / numClasses);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < set.count; i++) {
    const bucket = byClass[set.labels[i]!];
    if (bucket && bucket.length < perClass) bucket.push(i);
  }
  const chosen: number[] = [];
  for (let round = 0; round < perClass; round++) {
    for (const bucket of byClass) {
      const index = bucket[round];
      if (index !== undefined && chosen.length < limit) chosen.push(index);
    }
  }
  const images = new Uint8Array(chosen.length * pixelsPerImage);
  const labels = new Uint8Array(chosen.length);
  chosen.forEach((index, slot) => {
    images.set(
      set.images.subarray(index * pixelsPerImage, (index + 1) * pixelsPerImage),
      slot * pixelsPerImage,
    );
    labels[slot] = set.labels[index]!;
  });
  return { images, labels, count: chosen.length };
}

export interface ClassNames {
  names: string[];
  /** The label-name file they were read from; null for CIFAR-10's well-known names. */
  file: string | null;
}

/**
 * The class names of a dataset: from its label-name file when one was given and names every
 * class, else CIFAR-10's well-known names, else null (labels are shown as numbers).
 */
export function classNamesOf(
  name: string,
  numClasses: number,
  files: readonly { name: string; bytes: Uint8Array }[],
): ClassNames | null {
  const labelFile = files.find((file) => baseName(file.name).toLowerCase() === LABEL_NAME_FILES[name]);
  if (labelFile) {
    const names = new TextDecoder()
      .decode(labelFile.bytes)
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    if (names.length === numClasses) return { names, file: labelFile.name };
  }
  if (name === "cifar10" && numClasses === CIFAR10_CLASS_NAMES.length) {
    return { names: [...CIFAR10_CLASS_NAMES], file: null };
  }
  return null;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** "32x32x3": height × width × channels. */
