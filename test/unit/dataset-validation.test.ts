import { describe, expect, it } from "vitest";
import type { DatasetSummary } from "../../src/core/data/summary";
import type { DatasetLoader } from "../../src/lib/datasetClient";
import { presetDraft } from "../../src/store/configDraft";
import { fixesFor, followDatasetSizes, nearestDivisor } from "../../src/store/datasetFixes";
import { validateWithDatasets } from "../../src/store/datasetValidation";
import { summaryOf } from "./dataset-fixtures";
import { testLab } from "./fixtures/lab";

const CIFAR = summaryOf("cifar10", { trainCount: 167, testCount: 33 });
const tiny = () => {
  const draft = presetDraft("tiny-vit-synthetic");
  if (!draft) throw new Error("the tiny preset is missing");
  return draft;
};
const vit = (patchSize: number) => ({ ...tiny(), model: { ...(tiny().model as object), patchSize } });

describe("validation against a loaded dataset", () => {
  it("does not know a dataset that is not loaded", () => {
    const { config, errors } = validateWithDatasets({ ...tiny(), dataset: "cifar10" }, []);
    expect(config).toBeNull();
    expect(errors.dataset).toMatch(/unknown dataset "cifar10"/);
  });

  it("checks the patch size against the dataset's 32×32 images", () => {
    const { config, errors } = validateWithDatasets(
      { ...vit(7), dataset: "cifar10", trainSize: 100, testSize: 20 },
      [CIFAR],
    );
    expect(config).toBeNull();
    expect(errors["model.patchSize"]).toMatch(/must divide the image size 32×32, got 7/);
    expect(
      validateWithDatasets({ ...vit(8), dataset: "cifar10", trainSize: 100, testSize: 20 }, [CIFAR]).config,
    ).not.toBeNull();
  });

  it("checks the sizes against the images the files hold", () => {
    const { errors } = validateWithDatasets({ ...vit(8), dataset: "cifar10", trainSize: 168, testSize: 34 }, [
      CIFAR,
    ]);
    expect(errors).toEqual({
      trainSize: "trainSize: must be at most the 167 training images of cifar10, got 168",
      testSize: "testSize: must be at most the 33 test images of cifar10, got 34",
    });
  });

  it("names sizes beyond the files beside other problems, core's message first for a key", () => {
    const both = validateWithDatasets({ ...vit(7), dataset: "cifar10", trainSize: 4000, testSize: 20 }, [
      CIFAR,
    ]);
    expect(both.errors.trainSize).toBe(
      "trainSize: must be at most the 167 training images of cifar10, got 4000",
    );
    expect(both.errors["model.patchSize"]).toMatch(/must divide the image size 32×32/);
    const huge = validateWithDatasets({ ...vit(8), dataset: "cifar10", trainSize: 70_000, testSize: 20 }, [
      CIFAR,
    ]);
    expect(huge.errors.trainSize).toMatch(/must be at most 60000/);
  });

  it("takes each split whole for the sizes a draft leaves out, as the CLI does", () => {
    const unsized: Record<string, unknown> = { ...vit(8), dataset: "cifar10" };
    delete unsized.trainSize;
    delete unsized.testSize;
    const { config } = validateWithDatasets({ ...unsized, batchSize: 16 }, [CIFAR]);
    expect(config).toMatchObject({ trainSize: 167, testSize: 33 });
    expect(validateWithDatasets({ ...unsized, trainSize: undefined }, [CIFAR]).config?.trainSize).toBe(167);
  });

  it("leaves built-in datasets to core's validator", () => {
    expect(validateWithDatasets(tiny(), [CIFAR]).config?.dataset).toBe("synthetic");
  });
});

describe("fixes for a dataset that does not fit", () => {
  it("picks the divisor of the image side nearest the patch size, larger on a tie", () => {
    // Divisors of 32: 1 2 4 8 16 32. 7 → 8 (1 away); 6 → 4 or 8 (2 away each) → 8; 3 → 2 or 4 → 4.
    expect(nearestDivisor(32, 7)).toBe(8);
    expect(nearestDivisor(32, 6)).toBe(8);
    expect(nearestDivisor(32, 3)).toBe(4);
    expect(nearestDivisor(28, 5)).toBe(4);
  });

  it("offers the patch size and the sizes the dataset allows", () => {
    expect(fixesFor({ ...vit(7), trainSize: 1024, testSize: 10 }, CIFAR)).toEqual([
      { key: "model.patchSize", value: 8, reason: "patch size 7 does not divide 32×32" },
      { key: "trainSize", value: 167, reason: "cifar10 has 167 training images, not 1024" },
    ]);
    expect(fixesFor({ ...vit(8), trainSize: 100, testSize: 33 }, CIFAR)).toEqual([]);
    expect(
      fixesFor({ arch: "resnet", model: { depth: 8, width: 4 }, trainSize: 1, testSize: 1 }, CIFAR),
    ).toEqual([]);
  });
});

describe("followDatasetSizes", () => {
  it("chooses the dataset and takes its splits whole for the sizes still the preset's", () => {
    const preset = tiny();
    const followed = followDatasetSizes({ ...preset, testSize: 20 }, CIFAR, preset);
    expect(followed).toMatchObject({ dataset: "cifar10", trainSize: 167, testSize: 20 });
    expect(
      validateWithDatasets({ ...followed, model: { ...(preset.model as object), patchSize: 8 } }, [CIFAR])
        .errors,
    ).toEqual({});
  });

  it("fills sizes that are absent, and keeps those the user set without a baseline", () => {
    expect(followDatasetSizes({ arch: "vit", testSize: 10 }, CIFAR, null)).toEqual({
      arch: "vit",
      dataset: "cifar10",
      trainSize: 167,
      testSize: 10,
    });
  });
});

describe("the lab's form with loaded datasets", () => {
  /** A lab whose kept datasets are `kept`, and whose loads all give `loaded`. */
  function labWith(kept: DatasetSummary[], loaded: DatasetSummary = CIFAR) {
    const loader: DatasetLoader = {
      list: async () => kept,
      load: async () => ({ ok: true, summary: loaded }),
      forget: async () => {},
    };
    return testLab({ datasets: loader });
  }

  it("revalidates the draft when datasets are loaded or forgotten", async () => {
    const store = labWith([]);
    const actions = store.getState().configActions;
    actions.choosePreset("tiny-vit-synthetic");
    actions.setField("model.patchSize", 8);
    actions.setField("trainSize", 160);
    actions.setField("testSize", 32);
    actions.setField("dataset", "cifar10");
    expect(store.getState().fieldErrors.dataset).toMatch(/unknown dataset/);
    store.getState().datasetActions.load([new File([new Uint8Array(1)], "data_batch_1.bin")]);
    await expect.poll(() => store.getState().datasets).toEqual([CIFAR]);
    expect(store.getState().fieldErrors).toEqual({});
    expect(store.getState().config?.dataset).toBe("cifar10");
    store.getState().datasetActions.forget("cifar10");
    await expect.poll(() => store.getState().datasets).toEqual([]);
    expect(store.getState().config).toBeNull();
    expect(store.getState().fieldErrors.dataset).toMatch(/unknown dataset/);
  });

  it("keeps the validated config, the same object, when no datasets were kept", async () => {
    const store = labWith([]);
    const before = store.getState().config;
    store.getState().datasetActions.restore();
    await expect.poll(() => store.getState().datasetsRestored).toBe(true);
    expect(store.getState().config).toBe(before);
  });

  it("choosing a loaded dataset gives the sizes still the preset's the dataset's whole splits", async () => {
    const store = labWith([CIFAR]);
    store.getState().datasetActions.restore();
    await expect.poll(() => store.getState().datasets).toEqual([CIFAR]);
    const actions = store.getState().configActions;
    actions.choosePreset("tiny-vit-synthetic");
    actions.setField("model.patchSize", 8);
    actions.setField("testSize", 20); // set by the user: kept
    actions.setField("dataset", "cifar10");
    expect(store.getState().draft.trainSize).toBe(167);
    expect(store.getState().draft.testSize).toBe(20);
    expect(store.getState().fieldErrors).toEqual({});
  });
});
