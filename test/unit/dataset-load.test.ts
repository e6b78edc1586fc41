import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { FileDataset } from "../../src/core/data/readers";
import type { DatasetSummary } from "../../src/core/data/summary";
import { loadDatasetFiles } from "../../workers/datasetLoad";
import type { LoadProgress } from "../../workers/protocol";
import { CIFAR_RECORD, cifarBatch } from "./dataset-fixtures";

const NOW = new Date("2024-05-06T07:08:09.000Z");

function recordingKeep(fails?: Error) {
  const kept: { summary: DatasetSummary; data: FileDataset }[] = [];
  return {
    kept,
    keep: async (summary: DatasetSummary, data: FileDataset) => {
      if (fails) throw fails;
      kept.push({ summary, data });
    },
    now: () => NOW,
  };
}

const fileOf = (name: string, bytes: Uint8Array) => new File([new Uint8Array(bytes)], name);

async function load(files: File[], keeper = recordingKeep()) {
  const progress: LoadProgress[] = [];
  const outcome = await loadDatasetFiles(files, { cifar100Label: "fine" }, (p) => progress.push(p), keeper);
  return { outcome, progress, kept: keeper.kept };
}

describe("loadDatasetFiles", () => {
  it("reads, parses and keeps a CIFAR-10 set, reporting progress from 0 to 1 through its stages", async () => {
    const train = fileOf("data_batch_1.bin.gz", gzipSync(cifarBatch(30)));
    const test = fileOf("test_batch.bin", cifarBatch(12));
    const labelNames = fileOf("batches.meta.txt", new TextEncoder().encode("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"));
    const { outcome, progress, kept } = await load([train, test, labelNames]);
    if (!outcome.ok) throw new Error(outcome.errors.join("; "));

    expect(outcome.summary).toMatchObject({
      name: "cifar10",
      trainCount: 30,
      testCount: 12,
      loadedAt: NOW.toISOString(),
      classNames: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
      notes: ["batches.meta.txt: class names read from it"],
    });
    expect(outcome.summary.files.map((file) => file.name)).toEqual([
      "data_batch_1.bin.gz",
      "test_batch.bin",
      "batches.meta.txt",
    ]);
    expect(kept).toHaveLength(1);
    expect(kept[0]?.summary).toBe(outcome.summary);
    expect(kept[0]?.data.train.count).toBe(30);
    expect(kept[0]?.data.contentHash).toBe(outcome.summary.contentHash);

    const fractions = progress.map((p) => p.fraction);
    expect(fractions.every((fraction, i) => i === 0 || fraction >= fractions[i - 1]!)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    expect([...new Set(progress.map((p) => p.stage))]).toEqual(["reading", "parsing", "saving"]);
  });

  it("keeps nothing and names the file when a file is malformed", async () => {
    const good = fileOf("data_batch_1.bin", cifarBatch(12));
    const truncated = fileOf("data_batch_2.bin", cifarBatch(2).subarray(0, 2 * CIFAR_RECORD - 1));
    const { outcome, kept } = await load([good, truncated]);
    expect(outcome).toEqual({
      ok: false,
      errors: ["data_batch_2.bin: 6,145 bytes is not a whole number of 3,073-byte records"],
    });
    expect(kept).toHaveLength(0);
  });

  it("refuses a file over the size limit without reading it", async () => {
    class HugeFile extends File {
      override get size() {
        return 300_000_000;
      }
      override arrayBuffer(): Promise<ArrayBuffer> {
        throw new Error("a file over the limit must not be read");
      }
    }
    const { outcome } = await load([new HugeFile([], "data_batch_1.bin")]);
    expect(outcome).toEqual({
      ok: false,
      errors: ["data_batch_1.bin: 300,000,000 bytes is over the 200,000,000-byte limit per file"],
    });
  });

  it("names a file the browser could not read", async () => {
    class UnreadableFile extends File {
      override arrayBuffer(): Promise<ArrayBuffer> {
        return Promise.reject(new Error("permission denied"));
      }
    }
    const { outcome } = await load([new UnreadableFile([new Uint8Array(cifarBatch(1))], "data_batch_1.bin")]);
    expect(outcome).toEqual({
      ok: false,
      errors: ["data_batch_1.bin: could not be read (permission denied)"],
    });
  });

  it("reports a dataset the browser's storage refused as not loaded", async () => {
    const { outcome } = await load(
      [fileOf("data_batch_1.bin", cifarBatch(12))],
      recordingKeep(new Error("QuotaExceededError")),
    );
    expect(outcome).toEqual({
      ok: false,
      errors: ["the dataset could not be kept in this browser's storage: QuotaExceededError"],
    });
  });
});
