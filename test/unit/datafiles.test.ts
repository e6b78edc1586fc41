import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { type DatasetFile, type ParseDatasetResult, parseDatasetFiles } from "../../src/core/data/readers";
import { fnv1a64 } from "../../src/core/data/readers/fnv1a";

// ---------- file builders ----------

const PLANE = 1024;

/**
 * CIFAR records with the given label bytes. Pixel p of plane c (0 red, 1 green, 2 blue) is
 * `pixel(record, c, p)`.
 */
function cifarFile(
  labelBytes: number[][],
  pixel: (record: number, channel: number, p: number) => number,
): Uint8Array {
  const recordBytes = labelBytes[0]!.length + 3 * PLANE;
  const file = new Uint8Array(labelBytes.length * recordBytes);
  labelBytes.forEach((labels, r) => {
    file.set(labels, r * recordBytes);
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < PLANE; p++) file[r * recordBytes + labels.length + c * PLANE + p] = pixel(r, c, p);
    }
  });
  return file;
}

function u32BigEndian(values: number[]): number[] {
  return values.flatMap((v) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}

function idxImages(count: number, rows: number, columns: number, pixels: number[]): Uint8Array {
  return new Uint8Array([...u32BigEndian([0x803, count, rows, columns]), ...pixels]);
}

function idxLabels(labels: number[]): Uint8Array {
  return new Uint8Array([...u32BigEndian([0x801, labels.length]), ...labels]);
}

const PNG_BYTES = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82,
]);

function dataOf(result: ParseDatasetResult) {
  if (!result.ok) throw new Error(`expected success, got: ${result.errors.join("; ")}`);
  return result.data;
}

function errorsOf(result: ParseDatasetResult): string[] {
  if (result.ok) throw new Error("expected the files to be rejected");
  expect(result).not.toHaveProperty("data");
  expect(result.errors.length).toBeGreaterThan(0);
  return result.errors;
}

// A small MNIST-like pair per split: 2×3 images, pixel value = 10·image + position.
const trainPixels = [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25];
const idxTrain = () => [
  { name: "train-images-idx3-ubyte", bytes: idxImages(3, 2, 3, trainPixels) },
  { name: "train-labels-idx1-ubyte", bytes: idxLabels([2, 0, 1]) },
];
const idxTest = () => [
  { name: "t10k-images-idx3-ubyte", bytes: idxImages(1, 2, 3, [9, 8, 7, 6, 5, 4]) },
  { name: "t10k-labels-idx1-ubyte", bytes: idxLabels([1]) },
];

// ---------- formats ----------

describe("CIFAR-10 binary", () => {
  // Record r: red plane all 10·r except pixel 1 (row 0, column 1) = 11; green all 20; blue all
  // 30 except the last pixel (row 31, column 31) = 99. HWC: pixel p, channel c at 3p + c.
  const pixel = (r: number, c: number, p: number) =>
    c === 0 ? (p === 1 ? 11 : 10 * r) : c === 1 ? 20 : p === PLANE - 1 ? 99 : 30;

  it("converts planes to HWC and concatenates the batches in batch order", () => {
    const data = dataOf(
      parseDatasetFiles([
        {
          name: "cifar-10-batches-bin/data_batch_2.bin",
          bytes: cifarFile([[7]], (_, c, p) => pixel(2, c, p)),
        },
        { name: "test_batch.bin", bytes: cifarFile([[9]], pixel) },
        { name: "data_batch_1.bin", bytes: cifarFile([[3], [0]], pixel) },
      ]),
    );
    expect(data.name).toBe("cifar10");
    expect(data.shape).toEqual([32, 32, 3]);
    expect(data.numClasses).toBe(10);
    expect(data.train.count).toBe(3);
    expect([...data.train.labels]).toEqual([3, 0, 7]);
    expect(data.train.images.length).toBe(3 * 3072);
    expect([...data.train.images.subarray(0, 6)]).toEqual([0, 20, 30, 11, 20, 30]);
    expect([...data.train.images.subarray(3 * 1023, 3072)]).toEqual([0, 20, 99]);
    expect([...data.train.images.subarray(3072, 3072 + 3)]).toEqual([10, 20, 30]);
    expect([...data.train.images.subarray(2 * 3072, 2 * 3072 + 3)]).toEqual([20, 20, 30]);
    expect(data.test.count).toBe(1);
    expect([...data.test.labels]).toEqual([9]);
  });
});

describe("CIFAR-100 binary", () => {
  // Two records: (coarse 4, fine 42) and (coarse 19, fine 99); red = 1, green = 2, blue = 3.
  const files = (): DatasetFile[] => [
    {
      name: "train.bin",
      bytes: cifarFile(
        [
          [4, 42],
          [19, 99],
        ],
        (_, c) => c + 1,
      ),
    },
    { name: "test.bin", bytes: cifarFile([[0, 5]], (_, c) => c + 1) },
  ];

  it("uses the fine label by default", () => {
    const data = dataOf(parseDatasetFiles(files()));
    expect([data.name, data.numClasses]).toEqual(["cifar100", 100]);
    expect([...data.train.labels]).toEqual([42, 99]);
    expect([...data.test.labels]).toEqual([5]);
    expect([...data.train.images.subarray(0, 6)]).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it("uses the coarse label on request", () => {
    const data = dataOf(parseDatasetFiles(files(), { cifar100Label: "coarse" }));
    expect([data.name, data.numClasses]).toEqual(["cifar100-coarse", 20]);
    expect([...data.train.labels]).toEqual([4, 19]);
  });
});

describe("IDX", () => {
  it("reads images (already HWC, one channel) and labels", () => {
    const data = dataOf(parseDatasetFiles([...idxTest(), ...idxTrain()]));
    expect(data.name).toBe("idx");
    expect(data.shape).toEqual([2, 3, 1]);
    expect(data.numClasses).toBe(3); // the largest training label is 2
    expect([...data.train.images]).toEqual(trainPixels);
    expect([...data.train.labels]).toEqual([2, 0, 1]);
    expect(data.test).toEqual({
      images: new Uint8Array([9, 8, 7, 6, 5, 4]),
      labels: new Uint8Array([1]),
      count: 1,
    });
  });

  it("reads gzipped files (found by magic, named .gz or not) to the same data and hash", () => {
    const raw = dataOf(parseDatasetFiles([...idxTrain(), ...idxTest()]));
    const gzipped = [...idxTrain(), ...idxTest()].map((file, i) => ({
      name: i % 2 === 0 ? `${file.name}.gz` : file.name,
      bytes: gzipSync(file.bytes),
    }));
    expect(dataOf(parseDatasetFiles(gzipped))).toEqual(raw);
  });

  it("accepts the 'train-images.idx3-ubyte' spelling", () => {
    const [images, labels] = idxTrain();
    const files = [{ ...images!, name: "train-images.idx3-ubyte" }, labels!, ...idxTest()];
    expect(dataOf(parseDatasetFiles(files)).train.count).toBe(3);
  });
});

describe("content hash and splits", () => {
  it("is FNV-1a 64 (known vectors)", () => {
    const ascii = (text: string) => new TextEncoder().encode(text);
    expect(fnv1a64([])).toBe("cbf29ce484222325");
    expect(fnv1a64([ascii("a")])).toBe("af63dc4c8601ec8c");
    expect(fnv1a64([ascii("foo"), ascii("bar")])).toBe("85944171f73967e8");
  });

  it("is stable, independent of file order, and changes with one pixel", () => {
    const hash = (files: DatasetFile[]) => dataOf(parseDatasetFiles(files)).contentHash;
    const reference = hash([...idxTrain(), ...idxTest()]);
    expect(reference).toMatch(/^[0-9a-f]{16}$/);
    expect(hash([...idxTest(), ...idxTrain()].reverse())).toBe(reference);
    const changed = idxTrain();
    changed[0]!.bytes[16 + 5] = 6;
    expect(hash([...changed, ...idxTest()])).not.toBe(reference);
  });

  it("carves every 6th training image as the test split when no test files are given, and says so", () => {
    const labels = Array.from({ length: 12 }, (_, i) => i % 2);
    const pixels = Array.from({ length: 12 * 6 }, (_, i) => Math.floor(i / 6)); // image i is all i
    const result = parseDatasetFiles([
      { name: "train-images-idx3-ubyte", bytes: idxImages(12, 2, 3, pixels) },
      { name: "train-labels-idx1-ubyte", bytes: idxLabels(labels) },
    ]);
    if (!result.ok) throw new Error(result.errors.join("; "));
    expect(result.notes).toEqual([
      "no test files given: every 6th training image (2 of 12) became the test split",
    ]);
    expect(result.data.train.count).toBe(10);
    expect(result.data.test.count).toBe(2);
    expect([...result.data.test.images]).toEqual([5, 5, 5, 5, 5, 5, 11, 11, 11, 11, 11, 11]);
    expect([...result.data.test.labels]).toEqual([1, 1]);
    expect([...result.data.train.labels]).toEqual([0, 1, 0, 1, 0, 0, 1, 0, 1, 0]);
  });

  it("ignores CIFAR's label-name files with a note and reports progress up to 1", () => {
    const fractions: number[] = [];
    const result = parseDatasetFiles(
      [
        { name: "batches.meta.txt", bytes: new TextEncoder().encode("airplane\n") },
        { name: "data_batch_1.bin", bytes: cifarFile([[1]], () => 0) },
        { name: "test_batch.bin", bytes: cifarFile([[2]], () => 0) },
      ],
      { onProgress: (fraction) => fractions.push(fraction) },
    );
    if (!result.ok) throw new Error(result.errors.join("; "));
    expect(result.notes).toEqual(["batches.meta.txt: ignored (label names or readme, not data)"]);
    expect(fractions).toEqual([1 / 3, 2 / 3, 1]);
  });
});

// ---------- bad input ----------

describe("bad input names the file and the problem", () => {
  const cases: [string, DatasetFile[], string[]][] = [
    [
      "a CIFAR file that is not a whole number of records",
      [{ name: "test_batch.bin", bytes: new Uint8Array(30_730_001) }],
      ["test_batch.bin: 30,730,001 bytes is not a whole number of 3,073-byte records"],
    ],
    [
      "an empty file",
      [{ name: "data_batch_1.bin", bytes: new Uint8Array(0) }],
      ["data_batch_1.bin: the file is empty"],
    ],
    [
      "a CIFAR-10 label outside 0–9",
      [{ name: "data_batch_1.bin", bytes: cifarFile([[0], [1], [10]], () => 0) }],
      ["data_batch_1.bin: record 2 has label 10, outside 0–9"],
    ],
    [
      "a CIFAR-100 coarse label outside 0–19",
      [{ name: "train.bin", bytes: cifarFile([[20, 3]], () => 0) }],
      ["train.bin: record 0 has coarse label 20, outside 0–19"],
    ],
    [
      "a truncated IDX file",
      [{ name: "train-images-idx3-ubyte", bytes: idxImages(60000, 28, 28, [1, 2, 3]) }, idxTrain()[1]!],
      [
        "train-images-idx3-ubyte: truncated: its header declares 60,000 images of 28×28 (47,040,016 bytes) but the file has 19 bytes",
      ],
    ],
    [
      "extra bytes after the IDX data",
      [
        idxTrain()[0]!,
        { name: "train-labels-idx1-ubyte", bytes: new Uint8Array([...idxLabels([1, 0, 1]), 0]) },
      ],
      ["train-labels-idx1-ubyte: 1 extra bytes after the 3 labels its header declares"],
    ],
    [
      "a wrong IDX magic",
      [{ name: "train-images-idx3-ubyte", bytes: idxLabels([1, 2]) }, idxTrain()[1]!],
      [
        "train-images-idx3-ubyte: expected the IDX magic 0x00000803 (unsigned bytes, 3 dimensions), found 0x00000801",
      ],
    ],
    [
      "IDX images of zero size",
      [{ name: "train-images-idx3-ubyte", bytes: idxImages(3, 0, 3, []) }, idxTrain()[1]!],
      ["train-images-idx3-ubyte: its header declares images of 0×3 pixels"],
    ],
    [
      "test images of another size than the training images",
      [
        ...idxTrain(),
        { name: "t10k-images-idx3-ubyte", bytes: idxImages(1, 3, 2, [1, 2, 3, 4, 5, 6]) },
        idxTest()[1]!,
      ],
      ["t10k-images-idx3-ubyte: images are 3×2 but the training images are 2×3"],
    ],
    [
      "images and labels of different counts",
      [idxTrain()[0]!, { name: "train-labels-idx1-ubyte", bytes: idxLabels([1, 0]) }],
      ["train-images-idx3-ubyte has 3 images but train-labels-idx1-ubyte has 2 labels"],
    ],
    [
      "a test label outside the training classes",
      [...idxTrain(), idxTest()[0]!, { name: "t10k-labels-idx1-ubyte", bytes: idxLabels([3]) }],
      ["t10k-labels-idx1-ubyte: label 3 at index 0 is outside the classes 0–2 of the training labels"],
    ],
    [
      "images without their labels",
      [idxTrain()[0]!],
      ["train-images-idx3-ubyte: given without train-labels-idx1-ubyte"],
    ],
    [
      "a PNG under a dataset name",
      [{ name: "test_batch.bin", bytes: PNG_BYTES }],
      [
        "test_batch.bin: 16 bytes is not a whole number of 3,073-byte records (the file looks like a PNG image)",
      ],
    ],
    [
      "text under a dataset name",
      [
        { name: "train-labels-idx1-ubyte", bytes: new TextEncoder().encode("label,image\n3,cat.png\n") },
        idxTrain()[0]!,
      ],
      [
        "train-labels-idx1-ubyte: expected the IDX magic 0x00000801 (unsigned bytes, 1 dimension), found 0x6c616265 (the file looks like text)",
      ],
    ],
    [
      "an unrelated file name",
      [{ name: "cat.png", bytes: PNG_BYTES }, ...idxTrain()],
      [
        "cat.png: not a dataset file name this app knows (expected data_batch_N.bin and test_batch.bin (CIFAR-10), " +
          "train.bin and test.bin (CIFAR-100), train-/t10k-images-idx3-ubyte with train-/t10k-labels-idx1-ubyte (IDX), each optionally .gz)",
      ],
    ],
    [
      "the same file twice",
      [...idxTrain(), { name: "copy/train-labels-idx1-ubyte.gz", bytes: idxLabels([1]) }],
      ["copy/train-labels-idx1-ubyte.gz: the same file as train-labels-idx1-ubyte, given twice"],
    ],
    [
      "two datasets at once",
      [...idxTrain(), { name: "test_batch.bin", bytes: cifarFile([[1]], () => 0) }],
      ["the files mix idx and cifar10 data; give one dataset at a time"],
    ],
    [
      "only test files",
      idxTest(),
      ["no training files: add train-images-idx3-ubyte and train-labels-idx1-ubyte"],
    ],
    [
      "CIFAR-10 test records without training batches",
      [{ name: "test_batch.bin", bytes: cifarFile([[1]], () => 0) }],
      ["no training files: add data_batch_1.bin … data_batch_5.bin"],
    ],
    [
      "CIFAR-100 test records without training records",
      [{ name: "test.bin", bytes: cifarFile([[1, 3]], () => 0) }],
      ["no training files: add train.bin"],
    ],
    [
      "test labels without their images",
      [...idxTrain(), idxTest()[1]!],
      ["t10k-labels-idx1-ubyte: given without t10k-images-idx3-ubyte"],
    ],
    [
      "test images without their labels",
      [...idxTrain(), idxTest()[0]!],
      ["t10k-images-idx3-ubyte: given without t10k-labels-idx1-ubyte"],
    ],
    [
      "fewer training images than the carving period, and no test files",
      idxTrain(),
      ["only 3 training images and no test files: too few to carve a test split"],
    ],
    [
      "a single class",
      [idxTrain()[0]!, { name: "train-labels-idx1-ubyte", bytes: idxLabels([0, 0, 0]) }],
      ["train-labels-idx1-ubyte: every label is 0; at least 2 classes are needed"],
    ],
  ];

  it.each(cases)("%s", (_, files, expected) => {
    expect(errorsOf(parseDatasetFiles(files))).toEqual(expected);
  });

  it("says so when no files are given", () => {
    expect(errorsOf(parseDatasetFiles([]))[0]).toMatch(
      /^no dataset files given \(expected data_batch_N\.bin/,
    );
  });

  it("reports every bad file, not only the first", () => {
    const errors = errorsOf(
      parseDatasetFiles([
        { name: "data_batch_1.bin", bytes: new Uint8Array(5) },
        { name: "data_batch_2.bin", bytes: cifarFile([[1]], () => 0) },
        { name: "test_batch.bin", bytes: new Uint8Array(0) },
      ]),
    );
    expect(errors).toEqual([
      "data_batch_1.bin: 5 bytes is not a whole number of 3,073-byte records",
      "test_batch.bin: the file is empty",
    ]);
  });

  it("limits the size of each file, raw and decompressed", () => {
    // 3 blank 20×30 images: 16 + 1,800 bytes raw, a few dozen gzipped.
    const files = [
      { name: "train-images-idx3-ubyte", bytes: idxImages(3, 20, 30, new Array(1800).fill(0)) },
      idxTrain()[1]!,
    ];
    expect(errorsOf(parseDatasetFiles(files, { maxBytes: 1000 }))).toEqual([
      "train-images-idx3-ubyte: 1,816 bytes is over the 1,000-byte limit per file",
    ]);
    const packed = files.map((file) => ({ name: file.name, bytes: gzipSync(file.bytes) }));
    expect(packed[0]!.bytes.length).toBeLessThan(1000);
    expect(errorsOf(parseDatasetFiles(packed, { maxBytes: 1000 }))).toEqual([
      "train-images-idx3-ubyte: gzip trailer declares 1,816 bytes uncompressed, over the 1,000-byte limit per file (or the file is truncated)",
    ]);
  });

  it("rejects damaged gzip data", () => {
    const [images, labels] = idxTrain();
    const packed = gzipSync(images!.bytes);
    const damaged = (change: (bytes: Uint8Array) => void) => {
      const bytes = packed.slice();
      change(bytes);
      return errorsOf(parseDatasetFiles([{ name: "train-images-idx3-ubyte.gz", bytes }, labels!]));
    };
    expect(damaged((bytes) => (bytes[bytes.length - 8]! ^= 0xff))).toEqual([
      "train-images-idx3-ubyte.gz: gzip data is corrupt (size or checksum does not match)",
    ]);
    expect(damaged((bytes) => (bytes[bytes.length - 4]! -= 1))).toEqual([
      "train-images-idx3-ubyte.gz: gzip data is corrupt (size or checksum does not match)",
    ]);
    const [cutOff] = errorsOf(
      parseDatasetFiles([
        { name: "train-images-idx3-ubyte.gz", bytes: packed.subarray(0, packed.length - 1) },
        labels!,
      ]),
    );
    expect(cutOff).toMatch(/^train-images-idx3-ubyte\.gz: (not valid gzip data|gzip trailer declares)/);
  });
});
