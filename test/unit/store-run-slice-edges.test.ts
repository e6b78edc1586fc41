// The run slice at its edges: what each action does while a run is active and while none is,
// step mode, what the history is told and when, and how a crash is reported.
import { describe, expect, it } from "vitest";
import type { CompactionResult } from "../../src/core/compact/summary";
import type { ExperimentConfig } from "../../src/core/types";
import { WorkerCrashedError } from "../../src/lib/workerClient";
import type { RunRecorder } from "../../src/store/historySlice";
import type { RunEnding } from "../../src/store/historySummary";
import type { LabStore } from "../../src/store/labState";
import { fakeRunner, testLab } from "./fixtures/lab";
import { CONFIG, logAfter, resumePoint, STARTED, settle, step } from "./store-fixtures";

/** A recorder that writes down what the run slice tells the history, in order. */
function recordingHistory(store: LabStore) {
  const told: string[] = [];
  const endings: RunEnding[] = [];
  let release: () => void = () => {};
  const stored = new Promise<void>((resolve) => {
    release = resolve;
  });
  const recorder: RunRecorder = {
    begin(config, continues) {
      told.push(`begin ${config.seed} ${continues}`);
      return {
        async save({ point }) {
          told.push(`save ${point.nextIteration}`);
        },
        async end(ending) {
          told.push("end");
          endings.push(ending);
          await stored;
        },
      };
    },
  };
  store.setState({ historyRecorder: recorder });
  return { told, endings, release };
}

/** A runner with step mode: each step resolves when the test says. */
function steppingRunner() {
  const fake = fakeRunner();
  const steps: (() => void)[] = [];
  const runner = {
    ...fake.runner,
    step: () => {
      fake.calls.push("step");
      return new Promise<void>((resolve) => steps.push(resolve));
    },
  };
  return { ...fake, runner, steps };
}

const COMPACTION = { summary: {}, safetensors: Uint8Array.of(1, 2) } as unknown as CompactionResult;

describe("starting", () => {
  it("starts one run at a time, on the form's config, from the clock's time", () => {
    const { runner, calls, runs } = fakeRunner();
    const store = testLab({ runner, clock: () => 250 });
    store.getState().runActions.selectIteration(1);
    store.getState().runActions.run();
    store.getState().runActions.run();
    expect(calls).toEqual(["start"]);
    expect(runs[0]?.config).toEqual(store.getState().config);
    expect(runs[0]?.options).toEqual({ resume: null });
    expect(store.getState().run.progress.tickAt).toBe(250);
    expect(store.getState().selectedIteration).toBeNull();
  });

  it("runs a stored run's config in the form, continuing it, and refuses while a run is active", () => {
    const { runner, runs } = fakeRunner();
    const store = testLab({ runner });
    const { told } = recordingHistory(store);
    const config: ExperimentConfig = { ...CONFIG, seed: 7 };
    const point = resumePoint(logAfter([STARTED]), 1);
    expect(store.getState().runActions.runWith(config, { resume: point, historyId: "run-9" })).toBe(true);
    expect(store.getState().presetName).toBeNull();
    expect(store.getState().config).toEqual(config);
    expect(runs[0]?.options).toEqual({ resume: point });
    expect(told).toEqual(["begin 7 run-9"]);
    const other: ExperimentConfig = { ...CONFIG, seed: 8 };
    expect(store.getState().runActions.runWith(other, {})).toBe(false);
    expect(store.getState().config).toEqual(config);
    expect(runs).toHaveLength(1);
  });

  it("begins a fresh history entry when the run continues none", () => {
    const { runner } = fakeRunner();
    const store = testLab({ runner });
    const { told } = recordingHistory(store);
    store.getState().runActions.runWith({ ...CONFIG, seed: 3 }, {});
    expect(told).toEqual(["begin 3 null"]);
  });
});

describe("a stored log shown", () => {
  it("is refused while a run is active, and afterwards ignores the earlier run's late events", async () => {
    const { runner, runs } = fakeRunner();
    const store = testLab({ runner });
    const log = logAfter([STARTED, step(0, 0, 0)]);
    store.getState().runActions.run();
    expect(store.getState().runActions.showLog(log)).toBe(false);
    expect(store.getState().run.status).toBe("running");
    runs[0]?.finish(logAfter([STARTED]));
    await settle();
    store.getState().runActions.selectIteration(0);
    expect(store.getState().runActions.showLog(log)).toBe(true);
    expect(store.getState().run.log).toBe(log);
    expect(store.getState().run.status).toBe("idle");
    expect(store.getState().selectedIteration).toBeNull();
    runs[0]?.handlers.onEvent(step(0, 0, 1));
    runs[0]?.handlers.onBackend({ backend: "wasm", fallbacks: [] });
    expect(store.getState().run.log).toBe(log);
    expect(store.getState().run.backend).toBeNull();
  });
});

describe("the worker's reports", () => {
  it("keeps the compacted model and hands each iteration's save to the history", async () => {
    const { runner, runs } = fakeRunner();
    const store = testLab({ runner });
    const { told } = recordingHistory(store);
    store.getState().runActions.run();
    runs[0]?.handlers.onCompacted(COMPACTION);
    expect(store.getState().run.compaction).toBe(COMPACTION);
    await runs[0]?.handlers.onSaved({ point: resumePoint(logAfter([STARTED]), 1), checkpoint: null });
    expect(told.slice(1)).toEqual(["save 1"]);
  });

  it("shows the run ended only once the history has stored its end", async () => {
    const { runner, runs } = fakeRunner();
    const store = testLab({ runner });
    const { told, endings, release } = recordingHistory(store);
    store.getState().runActions.run();
    const log = logAfter([STARTED]);
    runs[0]?.finish(log);
    await settle();
    expect(told).toContain("end");
    expect(endings).toEqual([{ log }]);
    expect(store.getState().run.status).toBe("running");
    release();
    await settle();
    expect(store.getState().run.status).toBe("done");
    expect(store.getState().run.log).toBe(log);
  });

  it("names a crash's cause over the error event sent before it, and keeps the event's otherwise", async () => {
    const crashing = fakeRunner();
    const store = testLab({ runner: crashing.runner });
    const crash = recordingHistory(store);
    crash.release();
    store.getState().runActions.run();
    crashing.runs[0]?.handlers.onEvent({ type: "error", message: "a symptom", iteration: 0 });
    const error = new WorkerCrashedError("The training worker crashed");
    crashing.runs[0]?.fail(error);
    await settle();
    expect(store.getState().run.errorMessage).toBe("The training worker crashed");
    expect(crash.endings).toEqual([{ error, crashed: true }]);

    const failing = fakeRunner();
    const other = testLab({ runner: failing.runner });
    const fail = recordingHistory(other);
    fail.release();
    other.getState().runActions.run();
    failing.runs[0]?.handlers.onEvent({ type: "error", message: "the loss became NaN", iteration: 0 });
    const rejection = new Error("rejected");
    failing.runs[0]?.fail(rejection);
    await settle();
    expect(other.getState().run.errorMessage).toBe("the loss became NaN");
    expect(other.getState().run.status).toBe("error");
    expect(fail.endings).toEqual([{ error: rejection, crashed: false }]);
  });
});

describe("step mode", () => {
  it("does nothing with no run active", () => {
    const { runner, calls } = steppingRunner();
    const store = testLab({ runner });
    store.getState().runActions.step();
    store.getState().runActions.stop();
    expect(calls).toEqual([]);
  });

  it("runs a paused run to the next phase, then shows it paused", async () => {
    const { runner, calls, steps } = steppingRunner();
    let now = 0;
    const store = testLab({ runner, clock: () => now });
    store.getState().runActions.run();
    now = 100;
    store.getState().runActions.pause();
    now = 400;
    store.getState().runActions.step();
    expect(store.getState().run.status).toBe("running");
    expect(store.getState().run.progress).toMatchObject({ activeMs: 100, tickAt: 400 });
    expect(calls).toEqual(["start", "pause", "step"]);
    now = 450;
    steps[0]?.();
    await settle();
    expect(store.getState().run.status).toBe("paused");
    expect(store.getState().run.progress).toMatchObject({ activeMs: 150, tickAt: null });
  });

  it("from a running run, pauses at the step's end", async () => {
    const { runner, steps } = steppingRunner();
    const store = testLab({ runner });
    store.getState().runActions.run();
    store.getState().runActions.step();
    expect(store.getState().run.status).toBe("running");
    steps[0]?.();
    await settle();
    expect(store.getState().run.status).toBe("paused");
  });

  it("leaves a run started after the step alone when the step ends", async () => {
    const { runner, runs, steps } = steppingRunner();
    const store = testLab({ runner });
    const { release } = recordingHistory(store);
    release();
    store.getState().runActions.run();
    store.getState().runActions.step();
    runs[0]?.finish(logAfter([STARTED]));
    await settle();
    store.getState().runActions.run();
    steps[0]?.();
    await settle();
    expect(store.getState().run.status).toBe("running");
  });
});

describe("pause, resume and the iteration shown", () => {
  it("resumes a paused run, telling the worker, and counts the pause out of the active time", () => {
    const { runner, calls } = fakeRunner();
    let now = 0;
    const store = testLab({ runner, clock: () => now });
    store.getState().runActions.run();
    now = 100;
    store.getState().runActions.pause();
    expect(store.getState().run.status).toBe("paused");
    now = 700;
    store.getState().runActions.resume();
    expect(calls).toEqual(["start", "pause", "resume"]);
    expect(store.getState().run.status).toBe("running");
    expect(store.getState().run.progress).toMatchObject({ activeMs: 100, tickAt: 700 });
  });

  it("leaves a paused run paused when the runner has no step mode", async () => {
    const { runner, calls } = fakeRunner();
    const store = testLab({ runner });
    store.getState().runActions.run();
    store.getState().runActions.pause();
    const paused = store.getState().run;
    expect(() => store.getState().runActions.step()).not.toThrow();
    await settle();
    expect(calls).toEqual(["start", "pause"]);
    expect(store.getState().run).toBe(paused);
  });

  it("shows the iteration chosen, and follows the newest again on null", () => {
    const store = testLab();
    store.getState().runActions.selectIteration(2);
    expect(store.getState().selectedIteration).toBe(2);
    store.getState().runActions.selectIteration(null);
    expect(store.getState().selectedIteration).toBeNull();
  });
});
