import { describe, expect, it } from "vitest";
import { datasetEnv, shapeText } from "../../src/core/data/env";
import { parseDatasetFiles } from "../../src/core/data/readers";
import { classNamesOf, PREVIEW_IMAGES, pickPreview, summarizeDataset } from "../../src/core/data/summary";
import { cifarBatch } from "./dataset-fixtures";

describe("pickPreview", () => {
  it("takes the first image of each class in class order, then the second, up to the limit", () => {
    // Image i is the two pixels [10i, 10i + 1]. Labels 1 0 1 1 0, 2 classes, limit 3:
    // ceil(3/2) = 2 per class; class 0 holds images 1 and 4, class 1 images 0 and 2.
    // Round 0 takes 1 then 0; round 1 takes 4 and stops at the limit.
    const set = {
      images: new Uint8Array([0, 1, 10, 11, 20, 21, 30, 31, 40, 41]),
      labels: new Uint8Array([1, 0, 1, 1, 0]),
      count: 5,
    };
    const preview = pickPreview(set, 2, 2, 3);
    expect(preview.count).toBe(3);
    expect([...preview.labels]).toEqual([0, 1, 0]);
    expect([...preview.images]).toEqual([10, 11, 0, 1, 40, 41]);
  });

  it("shows fewer images when the set has fewer", () => {
    const set = { images: new Uint8Array([7, 8]), labels: new Uint8Array([3, 0]), count: 2 };
    const preview = pickPreview(set, 1, 10, 30);
    expect([...preview.labels]).toEqual([0, 3]);
    expect([...preview.images]).toEqual([8, 7]);
  });
});

describe("classNamesOf", () => {
  const meta = (text: string) => [
    { name: "cifar-10-batches-bin/batches.meta.txt", bytes: new TextEncoder().encode(text) },
  ];

  it("reads the label-name file given with the data when it names every class", () => {
    const names = Array.from({ length: 10 }, (_, i) => `class${i}`);
    expect(classNamesOf("cifar10", 10, meta(`${names.join("\n")}\n\n`))).toEqual({
      names,
      file: "cifar-10-batches-bin/batches.meta.txt",
    });
  });

  it("falls back to CIFAR-10's names, or to none", () => {
    expect(classNamesOf("cifar10", 10, meta("only\nthree\nnames"))?.names.slice(0, 2)).toEqual([
      "airplane",
      "automobile",
    ]);
    expect(classNamesOf("cifar10", 10, [])?.file).toBeNull();
    expect(classNamesOf("cifar100", 100, [])).toBeNull();
    expect(classNamesOf("idx", 10, [])).toBeNull();
  });
});

describe("classNamesOf, by each download's file", () => {
  const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

  it("knows CIFAR-10's ten names in label order, and only for ten classes", () => {
    expect(classNamesOf("cifar10", 10, [])?.names).toEqual([
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
    ]);
    expect(classNamesOf("cifar10", 9, [])).toBeNull();
  });

  it("reads CIFAR-100's fine and coarse files for their own label only", () => {
    const fine = file("cifar-100-binary/fine_label_names.txt", "apple\nbee\n");
    const coarse = file("cifar-100-binary/coarse_label_names.txt", "fish\nflowers\n");
    expect(classNamesOf("cifar100", 2, [coarse, fine])).toEqual({
      names: ["apple", "bee"],
      file: "cifar-100-binary/fine_label_names.txt",
    });
    expect(classNamesOf("cifar100-coarse", 2, [fine, coarse])?.names).toEqual(["fish", "flowers"]);
    expect(classNamesOf("cifar100", 2, [coarse])).toBeNull();
  });

  it("finds the file under a Windows path in any case, and reads CRLF lines trimmed", () => {
    const named = file("C:\\data\\Batches.Meta.TXT", " a \r\nb\r\n");
    expect(classNamesOf("cifar10", 2, [named])).toEqual({ names: ["a", "b"], file: named.name });
  });
});

describe("the run log's record of the data", () => {
  it("names the dataset, its shape as HxWxC, its classes and, for files, their hash", () => {
    expect(shapeText([32, 32, 3])).toBe("32x32x3");
    expect(datasetEnv({ name: "cifar10", shape: [32, 32, 3], numClasses: 10 }, "42b1a4738a6b3442")).toEqual({
      datasetName: "cifar10",
      datasetShape: "32x32x3",
      datasetClasses: 10,
      datasetHash: "42b1a4738a6b3442",
    });
    expect(datasetEnv({ name: "mnist", shape: [28, 28, 1], numClasses: 10 })).not.toHaveProperty(
      "datasetHash",
    );
  });
});

describe("summarizeDataset", () => {
  it("keeps the facts of a parsed dataset and a preview of its training images", () => {
    // 60 records, labels r mod 10, pixel bytes r: no test file, so records 5, 11, …, 59 (every
    // 6th) are the test split and the 50 others train. The preview takes 3 per class in turn:
    // record 0 (class 0) first, then 1, …
    const parsed = parseDatasetFiles([{ name: "data_batch_1.bin", bytes: cifarBatch(60) }]);
    if (!parsed.ok) throw new Error(parsed.errors.join("; "));
    const summary = summarizeDataset(parsed.data, {
      notes: parsed.notes,
      files: [{ name: "data_batch_1.bin", bytes: 60 * 3073 }],
      classNames: null,
      loadedAt: "2024-01-01T00:00:00.000Z",
    });
    expect(summary).toMatchObject({
      name: "cifar10",
      shape: [32, 32, 3],
      numClasses: 10,
      trainCount: 50,
      testCount: 10,
    });
    expect(summary.contentHash).toBe(parsed.data.contentHash);
    expect(summary.preview.count).toBe(PREVIEW_IMAGES);
    expect([...summary.preview.labels.subarray(0, 11)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0]);
    const pixels = 32 * 32 * 3;
    expect(summary.preview.images[0]).toBe(0);
    expect(summary.preview.images[pixels]).toBe(1);
    // The second image of class 0 in the training split is record 10.
    expect(summary.preview.images[10 * pixels]).toBe(10);
  });
});
