// The dataset readers' helpers: CRC-32 against its check value, transparent gzip with its
// refusals, what a foreign file looks like, and the roles of the standard dataset file names.
import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { recognizeFileName } from "../../src/core/data/readers/file-roles";
import { crc32, gunzipIfCompressed, isGzip } from "../../src/core/data/readers/gzip";
import { carveTestSplit, concatImageSets } from "../../src/core/data/readers/image-sets";
import { recognizeForeignContent } from "../../src/core/data/readers/sniff";

const ascii = (text: string) => new TextEncoder().encode(text);

describe("crc32", () => {
  it("gives the standard check value of '123456789' and 0 for no bytes", () => {
    expect(crc32(ascii("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    expect(crc32(ascii("a"))).toBe(0xe8b7be43);
  });
});

describe("gunzipIfCompressed", () => {
  const content = ascii("the quick brown fox ".repeat(20));
  const gz = gzipSync(content);

  it("recognizes gzip by its magic bytes 1f 8b, and passes other bytes through as they are", () => {
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f, 0x8c]))).toBe(false);
    const plain = ascii("plain");
    const result = gunzipIfCompressed(plain, 10);
    expect(result.ok && result.value).toBe(plain);
  });

  it("inflates gzip up to the limit, to the byte", () => {
    const result = gunzipIfCompressed(gz, content.length);
    expect(result.ok && [...result.value]).toEqual([...content]);
  });

  it("refuses a trailer that declares more than the limit, before inflating", () => {
    expect(gunzipIfCompressed(gz, content.length - 1)).toEqual({
      ok: false,
      problem: `gzip trailer declares ${content.length} bytes uncompressed, over the ${content.length - 1}-byte limit per file (or the file is truncated)`,
    });
  });

  it("refuses data shorter than a gzip header and trailer", () => {
    expect(gunzipIfCompressed(gz.subarray(0, 17), 1000)).toEqual({
      ok: false,
      problem: "gzip data is truncated",
    });
  });

  it("refuses a wrong checksum or size as corrupt, and data that does not inflate as not gzip", () => {
    const badCrc = gz.slice();
    badCrc[badCrc.length - 8]! ^= 0xff;
    expect(gunzipIfCompressed(badCrc, 1000)).toEqual({
      ok: false,
      problem: "gzip data is corrupt (size or checksum does not match)",
    });
    const garbage = gz.slice();
    garbage.fill(0xff, 10, garbage.length - 8);
    const result = gunzipIfCompressed(garbage, 1000);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.problem).toMatch(/^not valid gzip data \(|^gzip data is corrupt/);
  });
});

describe("recognizeForeignContent", () => {
  const withPrefix = (prefix: number[], length = 600) => {
    const bytes = new Uint8Array(length);
    bytes.set(prefix);
    return bytes;
  };

  it("names images, archives and documents by their signatures", () => {
    expect(recognizeForeignContent(withPrefix([0x89, 0x50, 0x4e, 0x47]))).toBe("a PNG image");
    expect(recognizeForeignContent(withPrefix([0xff, 0xd8, 0xff]))).toBe("a JPEG image");
    expect(recognizeForeignContent(withPrefix([0x47, 0x49, 0x46, 0x38]))).toBe("a GIF image");
    expect(recognizeForeignContent(withPrefix([0x50, 0x4b, 0x03, 0x04]))).toBe("a ZIP archive");
    expect(recognizeForeignContent(withPrefix([0x25, 0x50, 0x44, 0x46]))).toBe("a PDF document");
    const tar = new Uint8Array(600);
    tar.set(ascii("ustar"), 257);
    expect(recognizeForeignContent(tar)).toBe("a tar archive");
  });

  it("calls printable ASCII with tabs and line breaks text, judged on the first 512 bytes", () => {
    expect(recognizeForeignContent(ascii("label,pixel\r\n1,\t0\n"))).toBe("text");
    const textThenBinary = new Uint8Array(600).fill(0x41);
    textThenBinary[550] = 0x00;
    expect(recognizeForeignContent(textThenBinary)).toBe("text");
  });

  it("is null for other bytes, a control or high byte in the sample, and no bytes", () => {
    expect(recognizeForeignContent(new Uint8Array([0x00, 0x01, 0x02]))).toBeNull();
    expect(recognizeForeignContent(ascii("text\u0007"))).toBeNull();
    expect(recognizeForeignContent(new Uint8Array([0x41, 0x7f]))).toBeNull();
    expect(recognizeForeignContent(new Uint8Array())).toBeNull();
  });
});

describe("recognizeFileName", () => {
  it("reads CIFAR-10 and CIFAR-100 names, with their batch order and split", () => {
    expect(recognizeFileName("cifar/data_batch_3.bin")).toEqual({
      kind: "cifar10",
      split: "train",
      order: 3,
    });
    expect(recognizeFileName("test_batch.bin.gz")).toEqual({ kind: "cifar10", split: "test", order: 0 });
    expect(recognizeFileName("C:\\data\\TRAIN.BIN")).toEqual({ kind: "cifar100", split: "train", order: 0 });
    expect(recognizeFileName("test.bin")).toEqual({ kind: "cifar100", split: "test", order: 0 });
  });

  it("reads IDX names in both spellings, compressed or not", () => {
    expect(recognizeFileName("train-images-idx3-ubyte.gz")).toEqual({
      kind: "idx-images",
      split: "train",
      order: 0,
    });
    expect(recognizeFileName("t10k-labels-idx1-ubyte")).toEqual({
      kind: "idx-labels",
      split: "test",
      order: 0,
    });
    expect(recognizeFileName("train-labels.idx1-ubyte")).toEqual({
      kind: "idx-labels",
      split: "train",
      order: 0,
    });
    expect(recognizeFileName("t10k-images.idx3-ubyte")).toEqual({
      kind: "idx-images",
      split: "test",
      order: 0,
    });
  });

  it("accepts CIFAR's companions and nothing else", () => {
    expect(recognizeFileName("cifar-10/batches.meta.txt")).toEqual({ kind: "companion" });
    expect(recognizeFileName("Readme.html")).toEqual({ kind: "companion" });
    expect(recognizeFileName("fine_label_names.txt")).toEqual({ kind: "companion" });
    expect(recognizeFileName("coarse_label_names.txt")).toEqual({ kind: "companion" });
    expect(recognizeFileName("data_batch_x.bin")).toBeNull();
    expect(recognizeFileName("my-train-images-idx3-ubyte")).toBeNull();
    expect(recognizeFileName("train-images-idx3-ubyte.zip")).toBeNull();
    expect(recognizeFileName("")).toBeNull();
  });
});

describe("image sets", () => {
  // Images of 2 pixels: image i is [10·i, 10·i + 1], label i.
  const pool = (count: number, from = 0) => ({
    images: Uint8Array.from({ length: 2 * count }, (_, j) => 10 * (from + Math.floor(j / 2)) + (j % 2)),
    labels: Uint8Array.from({ length: count }, (_, i) => from + i),
    count,
  });

  it("concatenates sets back to back, and hands a single set back as it is", () => {
    const joined = concatImageSets([pool(2), pool(1, 2)]);
    expect(joined.count).toBe(3);
    expect([...joined.labels]).toEqual([0, 1, 2]);
    expect([...joined.images]).toEqual([0, 1, 10, 11, 20, 21]);
    const one = pool(2);
    expect(concatImageSets([one])).toBe(one);
  });

  it("makes every period-th image the test split, in order, pixels with their labels", () => {
    const { train, test } = carveTestSplit(pool(7), 2, 3);
    // Indices 2 and 5 are test (i % 3 = 2); 7 // 3 = 2 test images.
    expect([...test.labels]).toEqual([2, 5]);
    expect([...test.images]).toEqual([20, 21, 50, 51]);
    expect(test.count).toBe(2);
    expect([...train.labels]).toEqual([0, 1, 3, 4, 6]);
    expect([...train.images]).toEqual([0, 1, 10, 11, 30, 31, 40, 41, 60, 61]);
    expect(train.count).toBe(5);
  });
});
