// A dataset from the user's own files: CIFAR-10 / CIFAR-100 binary batches or IDX
// images + labels (MNIST, Fashion-MNIST), each raw or gzipped, recognized by name.
// Every problem is reported with the file's name; nothing is returned unless all is well.
import { formatCount } from "../../io/format-count";
import type { ImageSet } from "../../types";
import {
  CIFAR_SIDE,
  type Cifar100Label,
  type CifarVariant,
  cifarClassCount,
  parseCifarRecords,
} from "./cifar";
import { EXPECTED_NAMES, type FileRole, recognizeFileName, type Split } from "./file-roles";
import { fnv1a64 } from "./fnv1a";
import { gunzipIfCompressed } from "./gzip";
import { type IdxImages, parseIdxImages, parseIdxLabels } from "./idx";
import { carveTestSplit, concatImageSets } from "./image-sets";
import { type Parsed, problem } from "./parsed";
import { recognizeForeignContent } from "./sniff";

export interface DatasetFile {
  name: string;
  bytes: Uint8Array;
}

export interface ParseDatasetOptions {
  /** Which CIFAR-100 label to train on (default "fine": 100 classes; "coarse": 20). */
  cifar100Label?: Cifar100Label;
  /** Limit per file, before and after decompression (default 200,000,000 bytes). */
  maxBytes?: number;
  /** Called with the fraction done, after each file and at the end. */
  onProgress?: (fraction: number) => void;
}

export interface FileDataset {
  /** "cifar10", "cifar100", "cifar100-coarse" or "idx". */
  name: string;
  /** [height, width, channels] */
  shape: [number, number, number];
  numClasses: number;
  train: ImageSet;
  test: ImageSet;
  /** FNV-1a 64 (hex) of the decoded images and labels: the same for raw and gzipped files. */
  contentHash: string;
}

export type ParseDatasetResult =
  | { ok: true; data: FileDataset; notes: string[] }
  | { ok: false; errors: string[] };

export const DEFAULT_MAX_FILE_BYTES = 200_000_000;
/** Without test files, every 6th training image (1/6 of them) becomes the test split. */
const CARVE_PERIOD = 6;

type DataRole = Exclude<FileRole, { kind: "companion" }>;
type Family = CifarVariant | "idx";

interface RoledFile {
  file: DatasetFile;
  role: DataRole;
}

type FileContent =
  | { kind: "cifar"; set: ImageSet }
  | { kind: "idx-images"; images: IdxImages }
  | { kind: "idx-labels"; labels: Uint8Array };

interface ReadFile extends RoledFile {
  content: FileContent;
}

interface Splits {
  name: string;
  shape: [number, number, number];
  numClasses: number;
  train: ImageSet;
  test: ImageSet | null;
}

type Failed = { ok: false; errors: string[] };
type Assembled = { ok: true; value: Splits } | Failed;
const failed = (...errors: string[]): Failed => ({ ok: false, errors });

export function parseDatasetFiles(
  files: readonly DatasetFile[],
  options: ParseDatasetOptions = {},
): ParseDatasetResult {
  const { cifar100Label = "fine", maxBytes = DEFAULT_MAX_FILE_BYTES, onProgress } = options;
  const notes: string[] = [];

  const recognized = recognizeFiles(files, notes);
  if (!recognized.ok) return recognized;
  const family = familyOf(recognized.files[0]!.role);

  const read: ReadFile[] = [];
  const errors: string[] = [];
  recognized.files.forEach((roled, i) => {
    const content = readFile(roled, maxBytes, cifar100Label);
    if (content.ok) read.push({ ...roled, content: content.value });
    else errors.push(describeFailure(roled.file, content.problem));
    onProgress?.((i + 1) / (recognized.files.length + 1));
  });
  if (errors.length > 0) return failed(...errors);

  const splits = family === "idx" ? assembleIdx(read) : assembleCifar(read, family, cifar100Label);
  if (!splits.ok) return splits;
  const { name, shape, numClasses } = splits.value;
  const { train, test } = withTestSplit(splits.value, notes);
  if (test.count === 0) {
    return failed(`only ${train.count} training images and no test files: too few to carve a test split`);
  }
  const descriptor = new TextEncoder().encode(
    JSON.stringify({ name, shape, numClasses, train: train.count, test: test.count }),
  );
  const contentHash = fnv1a64([descriptor, train.images, train.labels, test.images, test.labels]);
  onProgress?.(1);
  return { ok: true, data: { name, shape, numClasses, train, test, contentHash }, notes };
}

function recognizeFiles(
  files: readonly DatasetFile[],
  notes: string[],
): { ok: true; files: RoledFile[] } | Failed {
  const errors: string[] = [];
  const recognized: RoledFile[] = [];
  const byRole = new Map<string, string>();
  for (const file of files) {
    const role = recognizeFileName(file.name);
    if (role === null) {
      errors.push(`${file.name}: not a dataset file name this app knows (expected ${EXPECTED_NAMES})`);
    } else if (role.kind === "companion") {
      notes.push(`${file.name}: ignored (label names or readme, not data)`);
    } else {
      const key = `${role.kind} ${role.split} ${role.order}`;
      const earlier = byRole.get(key);
      if (earlier !== undefined) errors.push(`${file.name}: the same file as ${earlier}, given twice`);
      byRole.set(key, file.name);
      recognized.push({ file, role });
    }
  }
  if (errors.length > 0) return failed(...errors);
  if (recognized.length === 0) return failed(`no dataset files given (expected ${EXPECTED_NAMES})`);
  const families = [...new Set(recognized.map(({ role }) => familyOf(role)))];
  if (families.length > 1) {
    return failed(`the files mix ${families.join(" and ")} data; give one dataset at a time`);
  }
  return { ok: true, files: recognized };
}

function familyOf(role: DataRole): Family {
  return role.kind === "idx-images" || role.kind === "idx-labels" ? "idx" : role.kind;
}

function readFile(
  { file, role }: RoledFile,
  maxBytes: number,
  cifar100Label: Cifar100Label,
): Parsed<FileContent> {
  if (file.bytes.length > maxBytes) {
    return problem(
      `${formatCount(file.bytes.length)} bytes is over the ${formatCount(maxBytes)}-byte limit per file`,
    );
  }
  const unpacked = gunzipIfCompressed(file.bytes, maxBytes);
  if (!unpacked.ok) return unpacked;
  const bytes = unpacked.value;
  switch (role.kind) {
    case "idx-images": {
      const images = parseIdxImages(bytes);
      return images.ok ? { ok: true, value: { kind: "idx-images", images: images.value } } : images;
    }
    case "idx-labels": {
      const labels = parseIdxLabels(bytes);
      return labels.ok ? { ok: true, value: { kind: "idx-labels", labels: labels.value } } : labels;
    }
    default: {
      const set = parseCifarRecords(bytes, role.kind, cifar100Label);
      return set.ok ? { ok: true, value: { kind: "cifar", set: set.value } } : set;
    }
  }
}

function describeFailure(file: DatasetFile, reason: string): string {
  const lookalike = recognizeForeignContent(file.bytes);
  return `${file.name}: ${reason}${lookalike === null ? "" : ` (the file looks like ${lookalike})`}`;
}

function assembleCifar(files: ReadFile[], variant: CifarVariant, label: Cifar100Label): Assembled {
  const setsOf = (split: Split): ImageSet[] =>
    files
      .filter(({ role }) => role.split === split)
      .sort((a, b) => a.role.order - b.role.order)
      .flatMap(({ content }) => (content.kind === "cifar" ? [content.set] : []));
  const train = setsOf("train");
  const test = setsOf("test");
  if (train.length === 0) {
    const expected = variant === "cifar10" ? "data_batch_1.bin … data_batch_5.bin" : "train.bin";
    return failed(`no training files: add ${expected}`);
  }
  return {
    ok: true,
    value: {
      name: variant === "cifar10" ? "cifar10" : label === "fine" ? "cifar100" : "cifar100-coarse",
      shape: [CIFAR_SIDE, CIFAR_SIDE, 3],
      numClasses: cifarClassCount(variant, label),
      train: concatImageSets(train),
      test: test.length > 0 ? concatImageSets(test) : null,
    },
  };
}

interface IdxPair {
  images: IdxImages;
  labels: Uint8Array;
  imagesName: string;
  labelsName: string;
}

/** Pairs the images and labels files of each split and checks them against each other. */
function assembleIdx(files: ReadFile[]): Assembled {
  const errors: string[] = [];
  const pairOf = (split: Split): IdxPair | null => {
    let images: { name: string; images: IdxImages } | undefined;
    let labels: { name: string; labels: Uint8Array } | undefined;
    for (const { file, role, content } of files) {
      if (role.split !== split) continue;
      if (content.kind === "idx-images") images = { name: file.name, images: content.images };
      if (content.kind === "idx-labels") labels = { name: file.name, labels: content.labels };
    }
    const prefix = split === "train" ? "train" : "t10k";
    if (images && !labels) errors.push(`${images.name}: given without ${prefix}-labels-idx1-ubyte`);
    if (labels && !images) errors.push(`${labels.name}: given without ${prefix}-images-idx3-ubyte`);
    if (!images || !labels) return null;
    if (images.images.count !== labels.labels.length) {
      errors.push(
        `${images.name} has ${formatCount(images.images.count)} images but ${labels.name} has ${formatCount(labels.labels.length)} labels`,
      );
      return null;
    }
    return { images: images.images, labels: labels.labels, imagesName: images.name, labelsName: labels.name };
  };
  const train = pairOf("train");
  const test = pairOf("test");
  if (errors.length > 0) return failed(...errors);
  if (train === null)
    return failed("no training files: add train-images-idx3-ubyte and train-labels-idx1-ubyte");

  const { rows, columns } = train.images;
  const numClasses = train.labels.reduce((max, label) => Math.max(max, label), 0) + 1;
  if (numClasses < 2) return failed(`${train.labelsName}: every label is 0; at least 2 classes are needed`);
  if (test !== null) {
    if (test.images.rows !== rows || test.images.columns !== columns) {
      return failed(
        `${test.imagesName}: images are ${test.images.rows}×${test.images.columns} but the training images are ${rows}×${columns}`,
      );
    }
    const outside = test.labels.findIndex((label) => label >= numClasses);
    if (outside >= 0) {
      return failed(
        `${test.labelsName}: label ${test.labels[outside]} at index ${formatCount(outside)} is outside the classes 0–${numClasses - 1} of the training labels`,
      );
    }
  }
  const toSet = ({ images, labels }: IdxPair): ImageSet => ({
    images: images.pixels,
    labels,
    count: images.count,
  });
  return {
    ok: true,
    value: {
      name: "idx",
      shape: [rows, columns, 1],
      numClasses,
      train: toSet(train),
      test: test === null ? null : toSet(test),
    },
  };
}

function withTestSplit(splits: Splits, notes: string[]): { train: ImageSet; test: ImageSet } {
  if (splits.test !== null) return { train: splits.train, test: splits.test };
  const [height, width, channels] = splits.shape;
  const carved = carveTestSplit(splits.train, height * width * channels, CARVE_PERIOD);
  notes.push(
    `no test files given: every ${CARVE_PERIOD}th training image (${formatCount(carved.test.count)} of ${formatCount(splits.train.count)}) became the test split`,
  );
  return carved;
}
