import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseMnistBin } from "../../src/core/data/mnist";

/** A file in the layout of scripts/build-mnist.mjs: "PLMN", uint32 LE count, rows, cols, labels, pixels. */
function mnistBytes(
  count: number,
  rows: number,
  cols: number,
  labels: number[],
  pixels: number[],
): Uint8Array {
  const bytes = new Uint8Array(10 + labels.length + pixels.length);
  bytes.set([0x50, 0x4c, 0x4d, 0x4e], 0);
  new DataView(bytes.buffer).setUint32(4, count, true);
  bytes[8] = rows;
  bytes[9] = cols;
  bytes.set(labels, 10);
  bytes.set(pixels, 10 + labels.length);
  return bytes;
}

describe("parseMnistBin", () => {
  it("reads the header, labels and pixels of a hand-built file", () => {
    const pixels = [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255];
    const parsed = parseMnistBin(mnistBytes(2, 2, 3, [7, 1], pixels));
    expect(parsed.count).toBe(2);
    expect(parsed.rows).toBe(2);
    expect(parsed.cols).toBe(3);
    expect(Array.from(parsed.labels)).toEqual([7, 1]);
    expect(Array.from(parsed.images)).toEqual(pixels);
  });

  it("reads a file that sits at an offset inside a larger buffer", () => {
    const file = mnistBytes(1, 1, 2, [4], [9, 8]);
    const host = new Uint8Array(file.length + 3);
    host.set(file, 3);
    const parsed = parseMnistBin(host.subarray(3));
    expect(parsed.count).toBe(1);
    expect(Array.from(parsed.images)).toEqual([9, 8]);
  });

  it("rejects a wrong magic", () => {
    const bytes = mnistBytes(1, 1, 1, [0], [0]);
    bytes[0] = 0x51;
    expect(() => parseMnistBin(bytes)).toThrow(/magic/);
  });

  it("rejects a truncated header", () => {
    expect(() => parseMnistBin(new Uint8Array([0x50, 0x4c, 0x4d]))).toThrow(/truncated header/);
  });

  it("rejects a file shorter than its header promises", () => {
    // 2 images of 2×2 need 10 + 2 + 8 = 20 bytes; give 19.
    const bytes = mnistBytes(2, 2, 2, [0, 1], [1, 2, 3, 4, 5, 6, 7]);
    expect(() => parseMnistBin(bytes)).toThrow(/truncated.*20 bytes/);
  });
});

const realFile = new URL("../../public/data/mnist.bin", import.meta.url);

describe.skipIf(!existsSync(realFile))("the embedded public/data/mnist.bin", () => {
  it("holds 10,000 28×28 digits of all 10 classes", () => {
    const parsed = parseMnistBin(new Uint8Array(readFileSync(realFile)));
    expect(parsed.count).toBe(10_000);
    expect([parsed.rows, parsed.cols]).toEqual([28, 28]);
    const counts = new Map<number, number>();
    for (const label of parsed.labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const count of counts.values()) expect(count).toBeGreaterThan(500);
  });
});
