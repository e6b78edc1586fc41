import { describe, expect, it } from "vitest";
import type { DatasetSummary } from "../../src/core/data/summary";
import type { DatasetLoader, LoadOptions, LoadOutcome, LoadProgress } from "../../src/lib/datasetClient";
import { summaryOf } from "./dataset-fixtures";
import { testLab } from "./fixtures/lab";

interface PendingLoad {
  names: string[];
  options: LoadOptions;
  onProgress(progress: LoadProgress): void;
  settle(outcome: LoadOutcome): void;
}

/** A loader the test drives by hand: kept datasets, loads that settle when told, forgets. */
function fakeLoader(kept: DatasetSummary[] = []) {
  const loads: PendingLoad[] = [];
  const forgotten: string[] = [];
  let settleList: (list: DatasetSummary[]) => void = () => {};
  const loader: DatasetLoader = {
    list: () =>
      new Promise((resolve) => {
        settleList = resolve;
      }),
    load: (files, options, onProgress) =>
      new Promise((resolve) => {
        loads.push({ names: files.map((file) => file.name), options, onProgress, settle: resolve });
      }),
    forget: async (name) => {
      forgotten.push(name);
    },
  };
  return { loader, loads, forgotten, finishList: () => settleList(kept) };
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const file = (name: string) => new File([new Uint8Array(1)], name);

describe("the datasets slice", () => {
  it("restores the kept datasets once; a dataset loaded meanwhile stays first", async () => {
    const fake = fakeLoader([summaryOf("cifar10", { contentHash: "old" }), summaryOf("idx")]);
    const store = testLab({ datasets: fake.loader });
    const actions = store.getState().datasetActions;
    actions.restore();
    actions.restore();
    actions.load([file("data_batch_1.bin")]);
    fake.loads[0]?.settle({ ok: true, summary: summaryOf("cifar10", { contentHash: "new" }) });
    await settle();
    fake.finishList();
    await settle();
    const { datasets, datasetsRestored } = store.getState();
    expect(datasetsRestored).toBe(true);
    expect(datasets.map((d) => [d.name, d.contentHash])).toEqual([
      ["cifar10", "new"],
      ["idx", "0123456789abcdef"],
    ]);
    // The loaded dataset is chosen in the form.
    expect(store.getState().draft.dataset).toBe("cifar10");
  });

  it("shows the progress of a load, ignores a second load meanwhile, and passes the CIFAR-100 label choice", async () => {
    const fake = fakeLoader();
    const store = testLab({ datasets: fake.loader });
    const actions = store.getState().datasetActions;
    actions.setCifar100Label("coarse");
    actions.load([file("train.bin"), file("test.bin")]);
    actions.load([file("data_batch_1.bin")]);
    expect(fake.loads).toHaveLength(1);
    expect(fake.loads[0]?.options).toEqual({ cifar100Label: "coarse" });
    fake.loads[0]?.onProgress({ stage: "parsing", fraction: 0.5 });
    expect(store.getState().datasetLoading).toEqual({
      fileNames: ["train.bin", "test.bin"],
      progress: { stage: "parsing", fraction: 0.5 },
    });
    fake.loads[0]?.settle({ ok: true, summary: summaryOf("cifar100-coarse") });
    await settle();
    expect(store.getState().datasetLoading).toBeNull();
    expect(store.getState().datasets.map((d) => d.name)).toEqual(["cifar100-coarse"]);
  });

  it("keeps the loaded datasets when files are refused, and shows why per file", async () => {
    const fake = fakeLoader();
    const store = testLab({ datasets: fake.loader });
    const actions = store.getState().datasetActions;
    actions.load([file("data_batch_1.bin")]);
    fake.loads[0]?.settle({ ok: true, summary: summaryOf("cifar10") });
    await settle();
    actions.load([file("test_batch.bin")]);
    fake.loads[1]?.settle({
      ok: false,
      errors: ["test_batch.bin: 16 bytes is not a whole number of 3,073-byte records"],
    });
    await settle();
    expect(store.getState().datasetFailure).toEqual({
      fileNames: ["test_batch.bin"],
      errors: ["test_batch.bin: 16 bytes is not a whole number of 3,073-byte records"],
    });
    expect(store.getState().datasets.map((d) => d.name)).toEqual(["cifar10"]);
    expect(store.getState().draft.dataset).toBe("cifar10");
    // The next load starts afresh.
    actions.load([file("data_batch_1.bin")]);
    expect(store.getState().datasetFailure).toBeNull();
  });

  it("forgets a dataset in storage and in the list", async () => {
    const fake = fakeLoader([summaryOf("cifar10"), summaryOf("idx")]);
    const store = testLab({ datasets: fake.loader });
    store.getState().datasetActions.restore();
    fake.finishList();
    await settle();
    store.getState().datasetActions.forget("cifar10");
    await settle();
    expect(fake.forgotten).toEqual(["cifar10"]);
    expect(store.getState().datasets.map((d) => d.name)).toEqual(["idx"]);
  });
});
