// The config and run slices of the lab's store: the form's draft and its validation, and a run
// driven through the runner.
import { describe, expect, it } from "vitest";
import { parseUrlQuery } from "../../src/lib/urlQuery";
import { fakeRunner, testLab } from "./fixtures/lab";
import { STARTED, step } from "./store-fixtures";

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("the configuration draft", () => {
  it("names an invalid key beside it and refuses to run", () => {
    const { runner, calls } = fakeRunner();
    const store = testLab({ runner });
    store.getState().configActions.setField("rate", 1.5);
    expect(store.getState().fieldErrors.rate).toMatch(/must be in \(0, 1\)/);
    expect(store.getState().config).toBeNull();
    store.getState().runActions.run();
    expect(calls).toEqual([]);
    store.getState().configActions.setField("rate", 0.3);
    expect(store.getState().fieldErrors).toEqual({});
    expect(store.getState().config?.rate).toBe(0.3);
  });

  it("takes the preset, the backend and typed overrides from the URL", () => {
    const { runner } = fakeRunner();
    const store = testLab({ runner });
    store
      .getState()
      .configActions.applyUrl(
        parseUrlQuery("?preset=tiny-vit-synthetic&backend=wasm&epochs=1&augment=false"),
      );
    const { presetName, config } = store.getState();
    expect(presetName).toBe("tiny-vit-synthetic");
    expect(config?.backend).toBe("wasm");
    expect(config?.epochs).toBe(1);
    expect(config?.augment).toBe(false);
    expect(config?.model).toEqual({ depth: 2, embedDim: 16, numHeads: 4, mlpRatio: 2, patchSize: 4 });
  });

  it("gives the model the other architecture's keys when arch changes", () => {
    const { runner } = fakeRunner();
    const store = testLab({ runner });
    store.getState().configActions.setField("arch", "resnet");
    expect(store.getState().config?.arch).toBe("resnet");
    expect(store.getState().draft.model).toEqual({ depth: 8, width: 16 });
  });
});

describe("a run", () => {
  it("streams events into the run and ends done with the runner's log", async () => {
    const { runner, runs } = fakeRunner();
    const store = testLab({ runner });
    store.getState().runActions.run();
    expect(store.getState().run.status).toBe("running");
    const run = runs[0];
    if (!run) throw new Error("run() should have started the runner");
    run.handlers.onBackend({ backend: "wasm", fallbacks: [{ backend: "webgpu", reason: "no adapter" }] });
    run.handlers.onEvent(STARTED);
    run.handlers.onEvent(step(0, 0, 0));
    expect(store.getState().run.backend?.backend).toBe("wasm");
    expect(store.getState().run.progress.globalStep).toBe(1);
    const log = store.getState().run.log;
    if (!log) throw new Error("the started event should have created the log");
    run.finish(log);
    await settle();
    expect(store.getState().run.status).toBe("done");
  });

  it("passes pause, resume and stop to the runner only when they apply", async () => {
    const { runner, runs, calls } = fakeRunner();
    const store = testLab({ runner });
    const actions = store.getState().runActions;
    actions.pause(); // idle: nothing to pause
    actions.run();
    actions.resume(); // running: nothing to resume
    actions.pause();
    expect(store.getState().run.status).toBe("paused");
    actions.resume();
    actions.stop();
    expect(calls).toEqual(["start", "pause", "resume", "cancel"]);
    const run = runs[0];
    if (!run) throw new Error("run() should have started the runner");
    run.handlers.onEvent(STARTED);
    const log = store.getState().run.log;
    if (!log) throw new Error("the started event should have created the log");
    run.finish(log);
    await settle();
    expect(store.getState().run.status).toBe("done");
    expect(store.getState().run.stopped).toBe(true);
  });

  it("ignores late events of an earlier run", async () => {
    const { runner, runs } = fakeRunner();
    const store = testLab({ runner });
    store.getState().runActions.run();
    const first = runs[0];
    if (!first) throw new Error("run() should have started the runner");
    first.fail(new Error("device lost"));
    await settle();
    expect(store.getState().run.status).toBe("error");
    expect(store.getState().run.errorMessage).toBe("device lost");
    store.getState().runActions.run();
    first.handlers.onEvent(STARTED);
    expect(store.getState().run.log).toBeNull();
    expect(store.getState().run.status).toBe("running");
  });
});
