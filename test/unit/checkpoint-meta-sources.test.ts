// Where the checkpoint metadata says the test split came from, for each source a run loads:
// the bytes of mnist.bin, the loaded test file, or none (a synthetic run needs no bytes, an
// MNIST run without them is refused). Tiny pools worked by hand.
import { describe, expect, it } from "vitest";
import { version } from "../../package.json";
import { checkpointMeta, metadataStrings, runCheckpointMeta } from "../../src/core/checkpointMeta";
import { DEFAULT_CONFIG } from "../../src/core/config";
import { fnv1a64 } from "../../src/core/data/readers/fnv1a";
import type { Dataset, ExperimentConfig, ImageSet } from "../../src/core/types";

const MNIST_CONFIG: ExperimentConfig = { ...DEFAULT_CONFIG, dataset: "mnist" };

const set = (pixels: number[], labels: number[]): ImageSet => ({
  images: Uint8Array.from(pixels),
  labels: Uint8Array.from(labels),
  count: labels.length,
});

/** mnist.bin of 2×2 digits: "PLMN", uint32 count (LE), rows, cols, labels, pixels. */
function mnistBin(pool: ImageSet): Uint8Array {
  return Uint8Array.from([0x50, 0x4c, 0x4d, 0x4e, pool.count, 0, 0, 0, 2, 2, ...pool.labels, ...pool.images]);
}

// Images 1 and 3 share their first pixel and label, so only a lookup by all four pixels of
// an image tells them apart.
const POOL = set([0, 0, 0, 0, 7, 1, 1, 1, 9, 9, 9, 9, 7, 3, 3, 3], [0, 1, 2, 1]);
const TEST = set([7, 3, 3, 3, 9, 9, 9, 9], [1, 2]);

function dataset(shape: [number, number, number]): Dataset {
  return {
    name: "tiny",
    shape,
    numClasses: 3,
    train: set([0, 0, 0, 0], [0]),
    test: TEST,
    mean: [0.5],
    std: [0.25],
  };
}

describe("runCheckpointMeta by source", () => {
  it("indexes the test images into mnist.bin's pool", () => {
    const meta = runCheckpointMeta(MNIST_CONFIG, dataset([2, 2, 1]), { mnist: mnistBin(POOL) });
    expect(meta.testSplit.source).toBe("mnist.bin");
    expect(meta.testSplit.poolCount).toBe(4);
    expect(meta.testSplit.indices).toEqual([3, 2]);
    expect(meta.testSplit.hash).toBe(fnv1a64([TEST.images, TEST.labels]));
  });

  it("refuses an MNIST run whose mnist.bin bytes were not handed over", () => {
    expect(() => runCheckpointMeta(MNIST_CONFIG, dataset([2, 2, 1]), {})).toThrow(
      "checkpoint metadata: the bytes of mnist.bin were not provided",
    );
  });

  it("indexes into the loaded test file and carries its content hash", () => {
    const files = { test: TEST, contentHash: "0123456789abcdef" };
    const meta = runCheckpointMeta(MNIST_CONFIG, dataset([2, 2, 1]), { files });
    expect(meta.testSplit.source).toBe("test-file");
    expect(meta.testSplit.poolCount).toBe(2);
    expect(meta.testSplit.indices).toEqual([0, 1]);
    expect(meta.dataset).toEqual({ name: "tiny", hash: "0123456789abcdef" });
  });
});

describe("checkpointMeta", () => {
  it("compares whole images: height × width × channels pixels each", () => {
    // Four pixels as 2 × 1 × 2 (two channels): a lookup by H·W/C = 1 pixel reads the wrong bytes.
    const meta = checkpointMeta(MNIST_CONFIG, dataset([2, 1, 2]), { kind: "mnist", pool: POOL });
    expect(meta.testSplit.indices).toEqual([3, 2]);
  });

  it("hashes train and test images and labels when no content hash is given", () => {
    const data = dataset([2, 2, 1]);
    const meta = checkpointMeta(MNIST_CONFIG, data, { kind: "mnist", pool: POOL });
    const all = Uint8Array.from([...data.train.images, ...data.train.labels, ...TEST.images, ...TEST.labels]);
    expect(meta.dataset).toEqual({ name: "tiny", hash: fnv1a64([all]) });
    expect(meta.dataset.hash).not.toBe(fnv1a64([]));
  });

  it("writes the pinned metadata strings", () => {
    const meta = checkpointMeta(MNIST_CONFIG, dataset([2, 2, 1]), { kind: "mnist", pool: POOL }, "feed");
    const strings = metadataStrings(meta, 2);
    expect(strings.format).toBe("pt");
    expect(strings.arch).toBe(MNIST_CONFIG.arch);
    expect(strings.numClasses).toBe("3");
    expect(strings.labVersion).toBe(version);
    expect(JSON.parse(strings.dataset!)).toEqual({ name: "tiny", hash: "feed" });
    expect(JSON.parse(strings.std!)).toEqual([0.25]);
    expect(JSON.parse(strings.testSplit!)).toEqual(meta.testSplit);
  });
});
