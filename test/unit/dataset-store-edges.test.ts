// The datasets slice when storage or the loader's worker fails, and what it shows before a load
// has said anything: each failure named, nothing loaded lost. Also when its list changes: a load
// under a name already there replaces that dataset, and what adds nothing leaves the config alone.
import { describe, expect, it } from "vitest";
import type { DatasetLoader, LoadOutcome, LoadProgress } from "../../src/lib/datasetClient";
import { summaryOf } from "./dataset-fixtures";
import { testLab } from "./fixtures/lab";

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const file = (name: string) => new File([new Uint8Array(1)], name);

/** A loader whose calls fail or settle as the test says. */
function loaderWith(parts: Partial<DatasetLoader>): DatasetLoader {
  return {
    list: async () => [],
    load: async () => ({ ok: true, summary: summaryOf("cifar10") }),
    forget: async () => undefined,
    ...parts,
  };
}

describe("the datasets slice, when things fail", () => {
  it("starts empty, with nothing restored, loading or refused, and the fine CIFAR-100 labels", () => {
    const state = testLab({ datasets: loaderWith({}) }).getState();
    expect([
      state.datasets,
      state.datasetsRestored,
      state.datasetLoading,
      state.datasetFailure,
      state.datasetStorageError,
      state.cifar100Label,
    ]).toEqual([[], false, null, null, null, "fine"]);
  });

  it("says the kept datasets could not be read, and counts them as restored", async () => {
    const store = testLab({
      datasets: loaderWith({ list: () => Promise.reject(new Error("the database is corrupt")) }),
    });
    store.getState().datasetActions.restore();
    await settle();
    expect(store.getState().datasetsRestored).toBe(true);
    expect(store.getState().datasetStorageError).toBe(
      "Could not read the kept datasets: the database is corrupt",
    );
    expect(store.getState().datasets).toEqual([]);
  });

  it("shows a load as reading from 0% until the worker reports, and ignores reports after it ended", async () => {
    let report: (progress: LoadProgress) => void = () => undefined;
    let finish: (outcome: LoadOutcome) => void = () => undefined;
    const store = testLab({
      datasets: loaderWith({
        load: (_files, _options, onProgress) =>
          new Promise((resolve) => {
            report = onProgress;
            finish = resolve;
          }),
      }),
    });
    store.getState().datasetActions.load([file("data_batch_1.bin")]);
    expect(store.getState().datasetLoading).toEqual({
      fileNames: ["data_batch_1.bin"],
      progress: { stage: "reading", fraction: 0 },
    });
    finish({ ok: true, summary: summaryOf("cifar10") });
    await settle();
    report({ stage: "parsing", fraction: 0.9 });
    expect(store.getState().datasetLoading).toBeNull();
  });

  it("names a load whose worker failed, keeps the datasets loaded before, and takes the next load", async () => {
    let calls = 0;
    const store = testLab({
      datasets: loaderWith({
        load: async () => {
          calls += 1;
          if (calls === 2) throw new Error("the worker crashed");
          return { ok: true, summary: summaryOf(calls === 1 ? "cifar10" : "idx") };
        },
      }),
    });
    const actions = store.getState().datasetActions;
    actions.load([file("data_batch_1.bin")]);
    await settle();
    actions.load([file("train-images-idx3-ubyte"), file("train-labels-idx1-ubyte")]);
    await settle();
    expect(store.getState().datasetLoading).toBeNull();
    expect(store.getState().datasetFailure).toEqual({
      fileNames: ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"],
      errors: ["Loading failed: the worker crashed"],
    });
    expect(store.getState().datasets.map((d) => d.name)).toEqual(["cifar10"]);
    actions.load([file("train-images-idx3-ubyte")]);
    await settle();
    expect(store.getState().datasets.map((d) => d.name)).toEqual(["idx", "cifar10"]);
    expect(store.getState().datasetFailure).toBeNull();
  });

  it("names a dataset that could not be forgotten, and keeps it in the list", async () => {
    const store = testLab({
      datasets: loaderWith({
        list: async () => [summaryOf("cifar10"), summaryOf("idx")],
        forget: () => Promise.reject(new Error("the transaction was aborted")),
      }),
    });
    store.getState().datasetActions.restore();
    await settle();
    store.getState().datasetActions.forget("idx");
    await settle();
    expect(store.getState().datasetStorageError).toBe("Could not forget idx: the transaction was aborted");
    expect(store.getState().datasets.map((d) => d.name)).toEqual(["cifar10", "idx"]);
  });
});

describe("the datasets slice, when its list changes", () => {
  it("a dataset loaded again under its name replaces the one loaded before", async () => {
    const summaries = [summaryOf("cifar10", { trainCount: 100 }), summaryOf("cifar10", { trainCount: 300 })];
    const store = testLab({
      datasets: loaderWith({ load: async () => ({ ok: true, summary: summaries.shift()! }) }),
    });
    store.getState().datasetActions.load([file("data_batch_1.bin")]);
    await settle();
    store.getState().datasetActions.load([file("data_batch_1.bin"), file("data_batch_2.bin")]);
    await settle();
    expect(store.getState().datasets.map((d) => [d.name, d.trainCount])).toEqual([["cifar10", 300]]);
  });

  it("a restore that finds only what is loaded already keeps the same config object", async () => {
    const loaded = summaryOf("cifar10");
    const store = testLab({
      datasets: loaderWith({
        load: async () => ({ ok: true, summary: loaded }),
        list: async () => [summaryOf("cifar10", { trainCount: 5 })],
      }),
    });
    store.getState().datasetActions.load([file("data_batch_1.bin")]);
    await settle();
    const before = store.getState();
    store.getState().datasetActions.restore();
    await settle();
    expect(store.getState().datasetsRestored).toBe(true);
    // The dataset loaded in this page wins over the kept one of the same name.
    expect(store.getState().datasets).toEqual([loaded]);
    expect(store.getState().datasets).toBe(before.datasets);
    expect(store.getState().config).toBe(before.config);
  });

  it("reads the kept datasets once, however often restore is asked", async () => {
    let reads = 0;
    const store = testLab({
      datasets: loaderWith({
        list: async () => {
          reads += 1;
          return [summaryOf(`kept-${reads}`)];
        },
      }),
    });
    store.getState().datasetActions.restore();
    store.getState().datasetActions.restore();
    await settle();
    store.getState().datasetActions.restore();
    await settle();
    expect(reads).toBe(1);
    expect(store.getState().datasets.map((d) => d.name)).toEqual(["kept-1"]);
  });
});
