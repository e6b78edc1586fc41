// Small generated dataset files and summaries for the dataset tests.
import type { DatasetSummary } from "../../src/core/data/summary";

export const CIFAR_RECORD = 3073;

/** CIFAR-10 records; record r has label `labelOf(r)` and every pixel byte equal to r mod 256. */
export function cifarBatch(records: number, labelOf: (record: number) => number = (r) => r % 10): Uint8Array {
  const bytes = new Uint8Array(records * CIFAR_RECORD);
  for (let r = 0; r < records; r++) {
    bytes.fill(r % 256, r * CIFAR_RECORD + 1, (r + 1) * CIFAR_RECORD);
    bytes[r * CIFAR_RECORD] = labelOf(r);
  }
  return bytes;
}

export function summaryOf(name: string, overrides: Partial<DatasetSummary> = {}): DatasetSummary {
  return {
    name,
    shape: [32, 32, 3],
    numClasses: 10,
    classNames: null,
    trainCount: 100,
    testCount: 20,
    contentHash: "0123456789abcdef",
    notes: [],
    files: [{ name: "data_batch_1.bin", bytes: 3073 }],
    loadedAt: "2024-01-01T00:00:00.000Z",
    preview: { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 },
    ...overrides,
  };
}
