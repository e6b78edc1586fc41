// The config slice and its draft helpers at their edges: the first state, presets that do not
// exist, keys set along missing paths, a switch of arch to the same arch, a dataset chosen that
// is or is not loaded, and the URL applied over the form without a preset.
import { describe, expect, it } from "vitest";
import { DEFAULT_RESNET_MODEL, DEFAULT_VIT_MODEL } from "../../src/core/config";
import { parseUrlQuery } from "../../src/lib/urlQuery";
import { getAt, modelDefaults, presetDraft, setAt, validateDraft } from "../../src/store/configDraft";
import { DEFAULT_PRESET } from "../../src/store/configSlice";
import { summaryOf } from "./dataset-fixtures";
import { testLab } from "./fixtures/lab";

const DIGITS = summaryOf("digits", { shape: [16, 16, 1], trainCount: 300, testCount: 60 });

describe("the draft helpers", () => {
  it("reads a dotted key, and nothing through a value that is not an object", () => {
    const draft = { model: { depth: 3 }, rate: 0.2 };
    expect(getAt(draft, "model.depth")).toBe(3);
    expect(getAt(draft, "rate.value")).toBeUndefined();
    expect(getAt(draft, "optimizer.beta")).toBeUndefined();
  });

  it("sets a dotted key on copies of the objects along its path, making those that are missing", () => {
    const model = { depth: 3, width: 8 };
    const draft = { model, rate: 0.2 };
    const changed = setAt(draft, "model.depth", 5);
    expect(changed).toEqual({ model: { depth: 5, width: 8 }, rate: 0.2 });
    expect(draft.model).toBe(model);
    expect(model.depth).toBe(3);
    expect(setAt({ rate: 0.2 }, "model.depth", 4)).toEqual({ rate: 0.2, model: { depth: 4 } });
    expect(setAt({ model: 7 }, "model.depth", 4)).toEqual({ model: { depth: 4 } });
    expect(setAt({}, "a.b.c", 1)).toEqual({ a: { b: { c: 1 } } });
  });

  it("knows only the presets there are, not the properties every object has", () => {
    expect(presetDraft("no-such-preset")).toBeNull();
    expect(presetDraft("toString")).toBeNull();
    expect(presetDraft("constructor")).toBeNull();
    expect(presetDraft("tiny-vit-synthetic")).toMatchObject({ arch: "vit", dataset: "synthetic", epochs: 3 });
  });

  it("gives each architecture its own model defaults, as copies", () => {
    expect(modelDefaults("resnet")).toEqual(DEFAULT_RESNET_MODEL);
    expect(modelDefaults("resnet")).not.toBe(DEFAULT_RESNET_MODEL);
    expect(modelDefaults("vit")).toEqual(DEFAULT_VIT_MODEL);
    expect(modelDefaults("anything else")).toEqual(DEFAULT_VIT_MODEL);
  });
});

describe("the config slice", () => {
  it("opens on the default preset, validated", () => {
    const state = testLab().getState();
    expect(state.presetName).toBe(DEFAULT_PRESET);
    expect(state.draft).toEqual(presetDraft(DEFAULT_PRESET));
    expect(state.fieldErrors).toEqual({});
    expect(state.config).toEqual(validateDraft(state.draft).config);
    expect(state.config).not.toBeNull();
  });

  it("leaves the form as it is when the preset chosen does not exist", () => {
    const store = testLab();
    const before = store.getState();
    store.getState().configActions.choosePreset("no-such-preset");
    expect(store.getState().presetName).toBe(before.presetName);
    expect(store.getState().draft).toBe(before.draft);
  });

  it("keeps the model's keys when arch is set to the arch it already has", () => {
    const store = testLab();
    store.getState().configActions.choosePreset("tiny-vit-synthetic");
    store.getState().configActions.setField("model.depth", 3);
    store.getState().configActions.setField("arch", "vit");
    expect(store.getState().draft.model).toEqual({
      depth: 3,
      embedDim: 16,
      numHeads: 4,
      mlpRatio: 2,
      patchSize: 4,
    });
  });

  it("sizes the splits by a loaded dataset chosen, and by nothing when the name is not loaded", () => {
    const store = testLab();
    store.getState().configActions.choosePreset("tiny-vit-synthetic");
    store.setState({ datasets: [DIGITS] });
    store.getState().configActions.setField("dataset", "other");
    expect(store.getState().draft).toMatchObject({ dataset: "other", trainSize: 1024, testSize: 256 });
    store.getState().configActions.setField("dataset", "digits");
    expect(store.getState().draft).toMatchObject({ dataset: "digits", trainSize: 300, testSize: 60 });
  });

  it("sizes the splits by nothing when another key is set to a loaded dataset's name", () => {
    const store = testLab();
    store.getState().configActions.choosePreset("tiny-vit-synthetic");
    store.setState({ datasets: [DIGITS] });
    store.getState().configActions.setField("backend", "digits");
    expect(store.getState().draft).toMatchObject({ dataset: "synthetic", trainSize: 1024, testSize: 256 });
  });

  it("keeps sizes the user typed when a dataset is chosen, against the preset's", () => {
    const store = testLab();
    store.getState().configActions.choosePreset("tiny-vit-synthetic");
    store.setState({ datasets: [DIGITS] });
    store.getState().configActions.setField("trainSize", 200);
    store.getState().configActions.setField("dataset", "digits");
    expect(store.getState().draft).toMatchObject({ trainSize: 200, testSize: 60 });
  });

  it("with no preset, follows the dataset only for sizes not given at all", () => {
    const store = testLab();
    store.setState({ datasets: [DIGITS] });
    store.getState().configActions.loadDraft({ arch: "vit", trainSize: 1024 });
    expect(store.getState().presetName).toBeNull();
    store.getState().configActions.setField("dataset", "digits");
    expect(store.getState().draft).toMatchObject({ trainSize: 1024, testSize: 60 });
  });

  it("applies a URL without a preset over the form as it is", () => {
    const store = testLab();
    store.getState().configActions.choosePreset("tiny-vit-synthetic");
    store.getState().configActions.applyUrl(parseUrlQuery("?epochs=1&rate=0.4"));
    expect(store.getState().presetName).toBe("tiny-vit-synthetic");
    expect(store.getState().draft).toMatchObject({ dataset: "synthetic", epochs: 1, rate: 0.4 });
    expect(store.getState().config).toMatchObject({ epochs: 1, rate: 0.4 });
  });

  it("puts a whole draft in the form, invalid keys named, the preset forgotten", () => {
    const store = testLab();
    store.getState().configActions.loadDraft({ arch: "vit", rate: 1.5 });
    expect(store.getState().presetName).toBeNull();
    expect(store.getState().draft).toEqual({ arch: "vit", rate: 1.5 });
    expect(store.getState().fieldErrors.rate).toMatch(/must be in \(0, 1\)/);
    expect(store.getState().config).toBeNull();
  });
});
