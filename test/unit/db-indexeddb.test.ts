// The IndexedDB layer against fake-indexeddb, a faithful implementation of the spec (the other
// store tests use an in-memory stand-in): what a delete removes, what a forget frees, and a
// quota failure as browsers report it, aborting the transaction at commit.
import "fake-indexeddb/auto";
import { IDBObjectStore as FDBObjectStore } from "fake-indexeddb";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config";
import type { DatasetSummary } from "../../src/core/data/summary";
import type { ResumePoint } from "../../src/core/resume";
import type { ImageSet } from "../../src/core/types";
import { openHistoryDb } from "../../src/lib/db";
import { StorageFullError, type StoredRun } from "../../src/lib/historyRecord";
import {
  forgetKeptDataset,
  keepDataset,
  listKeptDatasets,
  readKeptDataset,
} from "../../src/platform/keptDatasets";
import { storedRun } from "./fixtures/storedRun";

function resumePoint(nextIteration: number): ResumePoint {
  return {
    nextIteration,
    log: {
      format: "pruning-lab.run",
      version: 1,
      config: DEFAULT_CONFIG,
      env: { backend: "wasm", startedAt: "2026-01-01T00:00:00.000Z" },
      model: { arch: "vit", prunableParams: 4, groups: [] },
      iterations: [],
      final: null,
    },
    rewindPoint: { w: { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) } },
    masks: { w: { shape: [2, 2], data: new Float32Array([1, 0, 1, 1]) } },
    refill: null,
    rngState: 42,
    globalStep: 10,
  };
}

const saved = (run: StoredRun): StoredRun => ({
  ...run,
  savedIterations: run.savedIterations + 1,
  hasCheckpoint: true,
});

describe("the run history in IndexedDB", () => {
  it("deleting a run deletes its resume point and checkpoint, and no other run's", async () => {
    const db = await openHistoryDb();
    for (const id of ["a", "b"]) {
      await db.putRun(storedRun(id));
      await db.saveIteration(id, resumePoint(1), new Uint8Array([1, 2, 3]), saved);
    }
    expect((await db.getResumePoint("a"))?.masks.w?.data).toEqual(new Float32Array([1, 0, 1, 1]));
    await db.deleteRun("a");
    expect(await db.getResumePoint("a")).toBeUndefined();
    expect(await db.getCheckpoint("a")).toBeUndefined();
    expect((await db.listRuns()).map((run) => run.id)).toEqual(["b"]);
    expect(await db.getCheckpoint("b")).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("a quota failure at commit is reported as storage full, and the run's record is left as it was", async () => {
    const db = await openHistoryDb();
    await db.putRun(storedRun("q"));
    const put = FDBObjectStore.prototype.put;
    // A browser accepts the put and aborts the whole transaction when it commits.
    const spy = vi.spyOn(FDBObjectStore.prototype, "put").mockImplementation(function (
      this: InstanceType<typeof FDBObjectStore>,
      ...args: Parameters<typeof put>
    ) {
      const request = put.apply(this, args);
      if (this.name === "checkpoints") {
        const transaction = this.transaction as unknown as { _abort(name: string): void };
        queueMicrotask(() => transaction._abort("QuotaExceededError"));
      }
      return request;
    });
    try {
      await expect(db.saveIteration("q", resumePoint(1), new Uint8Array(8), saved)).rejects.toBeInstanceOf(
        StorageFullError,
      );
    } finally {
      spy.mockRestore();
    }
    const [record] = (await db.listRuns()).filter((run) => run.id === "q");
    expect(record?.savedIterations).toBe(0);
    expect(await db.getResumePoint("q")).toBeUndefined();
    // The next save, with room again, goes through.
    await db.saveIteration("q", resumePoint(2), null, saved);
    expect((await db.getResumePoint("q"))?.nextIteration).toBe(2);
  });
});

describe("kept datasets in IndexedDB", () => {
  const images = (count: number): ImageSet => ({
    images: new Uint8Array(count * 4).map((_, i) => i % 251),
    labels: new Uint8Array(count).map((_, i) => i % 2),
    count,
  });
  const summary = (name: string, loadedAt: string) =>
    ({ name, loadedAt, shape: [2, 2, 1], numClasses: 2 }) as unknown as DatasetSummary;

  it("keeps the pixels byte for byte, lists the newest first, and forgetting frees both parts", async () => {
    const train = images(5);
    await keepDataset(summary("idx", "2026-01-02T00:00:00Z"), {
      name: "idx",
      shape: [2, 2, 1],
      numClasses: 2,
      train,
      test: images(3),
      contentHash: "h",
    });
    await keepDataset(summary("cifar10", "2026-01-01T00:00:00Z"), {
      name: "cifar10",
      shape: [2, 2, 1],
      numClasses: 2,
      train: images(2),
      test: images(1),
      contentHash: "c",
    });
    expect((await listKeptDatasets()).map((s) => s.name)).toEqual(["idx", "cifar10"]);
    const read = await readKeptDataset("idx");
    expect(read?.train.images).toEqual(train.images);
    expect(read?.test.count).toBe(3);
    await forgetKeptDataset("idx");
    expect(await readKeptDataset("idx")).toBeUndefined();
    expect((await listKeptDatasets()).map((s) => s.name)).toEqual(["cifar10"]);
  });
});
