// What a dataset file is, from its name: the standard names of the CIFAR-10 and CIFAR-100
// binary versions and of the IDX files of MNIST-like datasets, each optionally ending in .gz.

export type Split = "train" | "test";

export type FileRole =
  | { kind: "cifar10" | "cifar100" | "idx-images" | "idx-labels"; split: Split; order: number }
  /** Label names and readmes shipped with CIFAR: accepted and ignored. */
  | { kind: "companion" };

export const EXPECTED_NAMES =
  "data_batch_N.bin and test_batch.bin (CIFAR-10), train.bin and test.bin (CIFAR-100), " +
  "train-/t10k-images-idx3-ubyte with train-/t10k-labels-idx1-ubyte (IDX), each optionally .gz";

const COMPANIONS = new Set([
  "batches.meta.txt",
  "readme.html",
  "fine_label_names.txt",
  "coarse_label_names.txt",
]);

export function recognizeFileName(path: string): FileRole | null {
  const base = (path.split(/[\\/]/).pop() ?? "").toLowerCase();
  if (COMPANIONS.has(base)) return { kind: "companion" };
  const name = base.replace(/\.gz$/, "");

  const batch = /^data_batch_(\d+)\.bin$/.exec(name);
  if (batch) return { kind: "cifar10", split: "train", order: Number(batch[1]) };
  if (name === "test_batch.bin") return { kind: "cifar10", split: "test", order: 0 };
  if (name === "train.bin") return { kind: "cifar100", split: "train", order: 0 };
  if (name === "test.bin") return { kind: "cifar100", split: "test", order: 0 };

  // Also the "train-images.idx3-ubyte" spelling of some mirrors.
  const idx = /^(train|t10k)-(images[-.]idx3|labels[-.]idx1)-ubyte$/.exec(name);
  if (idx) {
    const split = idx[1] === "train" ? "train" : "test";
    return { kind: idx[2]?.startsWith("images") ? "idx-images" : "idx-labels", split, order: 0 };
  }
  return null;
}
