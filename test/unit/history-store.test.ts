import { describe, expect, it } from "vitest";
import type { ResumePoint } from "../../src/core/resume";
import { foldRunLog } from "../../src/core/runlog";
import type { ExperimentConfig, ExperimentEvent, RunLog } from "../../src/core/types";
import { createMemoryHistoryDb } from "../../src/lib/dbMemory";
import type { HistoryDb } from "../../src/lib/historyRecord";
import type { RunLiveness } from "../../src/lib/runLiveness";
import { type ExperimentRunner, type RunHandlers, WorkerCrashedError } from "../../src/lib/workerClient";
import { createExperimentStore, type StartOptions } from "../../src/store/experimentStore";
import { createRecordingRunner } from "../../src/store/historyRunner";
import { createHistoryStore } from "../../src/store/historyStore";
import { progressPercent } from "../../src/store/runProgress";
import { CONFIG, iterationRecord, STARTED, step } from "./store-fixtures";

/** Lets the queued storage writes (memory: microtasks) and settled promises run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

interface FakeRun {
  config: ExperimentConfig;
  handlers: RunHandlers;
  options: StartOptions | undefined;
  finish(log: RunLog): void;
  fail(error: Error): void;
}

/** A worker stand-in the test drives by hand. */
function fakeWorkerRunner() {
  const runs: FakeRun[] = [];
  const runner: ExperimentRunner = {
    start(config, handlers, options) {
      return new Promise<RunLog>((resolve, reject) => {
        runs.push({ config, handlers, options, finish: resolve, fail: reject });
      });
    },
    pause: () => {},
    resume: () => {},
    cancel: () => {},
  };
  return { runner, runs };
}

function fakeLiveness(elsewhere: string[] = []) {
  const held = new Set<string>();
  const liveness: RunLiveness = {
    hold(id) {
      held.add(id);
      return () => held.delete(id);
    },
    liveRunIds: async () => new Set([...held, ...elsewhere]),
  };
  return { liveness, held };
}

/** The page's two stores wired as in appStore, over `db`. */
function lab(db: HistoryDb = createMemoryHistoryDb(), elsewhere: string[] = []) {
  const worker = fakeWorkerRunner();
  const { liveness, held } = fakeLiveness(elsewhere);
  let ids = 0;
  let clock = 0;
  const late: { experiment: ReturnType<typeof createExperimentStore> | null } = { experiment: null };
  const history = createHistoryStore({
    db: Promise.resolve(db),
    liveness,
    now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, clock++)).toISOString(),
    newId: () => `run-${++ids}`,
    experiment: {
      show: (log) => late.experiment?.getState().actions.showLog(log) ?? false,
      start: (config, options) => late.experiment?.getState().actions.runWith(config, options) ?? false,
    },
  });
  const experiment = createExperimentStore(
    createRecordingRunner(worker.runner, history.getState().recorder),
    () => 0,
  );
  late.experiment = experiment;
  const lastRun = (): FakeRun => {
    const run = worker.runs.at(-1);
    if (!run) throw new Error("no run was started");
    return run;
  };
  return { db, history, experiment, worker, held, lastRun };
}

const ITERATION_0 = iterationRecord(0, [
  [true, false],
  [true, true],
]);
const ITERATION_1 = iterationRecord(1, [
  [true, false],
  [false, true],
]);
const DONE: ExperimentEvent = {
  type: "done",
  final: {
    testAcc: 0.8,
    sparsity: 0.4,
    testAccCut: 0.7,
    finalTrain: "rewind",
    epochs: [],
    aliveGroups: { head: 2 },
  },
};

function logAfter(events: ExperimentEvent[]): RunLog {
  const log = events.reduce<RunLog | null>(foldRunLog, null);
  if (!log) throw new Error("events without started");
  return log;
}

function resumePoint(log: RunLog, nextIteration: number): ResumePoint {
  return {
    nextIteration,
    log,
    rewindPoint: { "blocks.0.attn.qkv.weight": { shape: [2], data: Float32Array.of(0.5, -1) } },
    masks: { "blocks.0.attn.qkv.weight": { shape: [2], data: Float32Array.of(1, 0) } },
    refill: null,
    rngState: 12345,
    globalStep: 6 * nextIteration,
  };
}

const CHECKPOINT = Uint8Array.of(8, 0, 0, 0, 0, 0, 0, 0, 123);

describe("recording a run as it goes", () => {
  it("stores the record at start, each iteration's log, resume point and checkpoint, and the end", async () => {
    const { db, history, experiment, lastRun } = lab();
    experiment.getState().actions.run();
    const run = lastRun();
    expect(history.getState().liveIds).toEqual(["run-1"]);
    expect(history.getState().shownId).toBe("run-1");

    run.handlers.onEvent(STARTED);
    await settle();
    const [stored] = await db.listRuns();
    expect(stored).toMatchObject({ id: "run-1", status: "running", origin: "lab", savedIterations: 0 });
    expect(stored?.log?.iterations).toEqual([]);

    run.handlers.onEvent({ type: "iteration", record: ITERATION_0 });
    const log0 = logAfter([STARTED, { type: "iteration", record: ITERATION_0 }]);
    await run.handlers.onSaved?.({ point: resumePoint(log0, 1), checkpoint: CHECKPOINT });
    const [afterSave] = await db.listRuns();
    expect(afterSave).toMatchObject({ status: "running", savedIterations: 1, hasCheckpoint: true });
    expect(afterSave?.log?.iterations).toEqual([ITERATION_0]);
    expect((await db.getResumePoint("run-1"))?.masks["blocks.0.attn.qkv.weight"]?.data).toEqual(
      Float32Array.of(1, 0),
    );
    expect(await db.getCheckpoint("run-1")).toEqual(CHECKPOINT);

    run.handlers.onEvent({ type: "iteration", record: ITERATION_1 });
    run.handlers.onEvent(DONE);
    run.finish(
      logAfter([
        STARTED,
        { type: "iteration", record: ITERATION_0 },
        { type: "iteration", record: ITERATION_1 },
        DONE,
      ]),
    );
    await settle();
    const [ended] = await db.listRuns();
    expect(ended?.status).toBe("done");
    expect(ended?.log?.final?.testAcc).toBe(0.8);
    expect(history.getState().runs).toEqual([ended]);
    expect(history.getState().liveIds).toEqual([]);
  });

  it("stores a stopped run as stopped, a failed one as error, a crashed worker's as interrupted", async () => {
    const { db, experiment, lastRun } = lab();
    const statuses: string[] = [];
    for (const end of ["stop", "fail", "crash"] as const) {
      experiment.getState().actions.run();
      const run = lastRun();
      run.handlers.onEvent(STARTED);
      if (end === "stop") run.finish(logAfter([STARTED]));
      if (end === "fail") run.fail(new Error("loss diverged"));
      if (end === "crash") run.fail(new WorkerCrashedError("The training worker stopped: out of memory"));
      await settle();
    }
    for (const run of await db.listRuns()) statuses.push(`${run.id} ${run.status} ${run.errorMessage}`);
    expect(statuses.sort()).toEqual([
      "run-1 stopped null",
      "run-2 error loss diverged",
      "run-3 interrupted The training worker stopped: out of memory",
    ]);
  });

  it("stores nothing for a run that failed before it started", async () => {
    const { db, history, experiment, lastRun } = lab();
    experiment.getState().actions.run();
    lastRun().fail(new Error("The webgpu backend is not available here"));
    await settle();
    expect(await db.listRuns()).toEqual([]);
    expect(history.getState().runs).toEqual([]);
  });
});

describe("runs cut short by a reload", () => {
  async function storedRunning(db: HistoryDb, id: string) {
    await db.putRun({
      id,
      name: id,
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
      status: "running",
      origin: "lab",
      config: CONFIG,
      log: logAfter([STARTED, { type: "iteration", record: ITERATION_0 }]),
      errorMessage: null,
      savedIterations: 1,
      hasCheckpoint: true,
    });
    await db.saveIteration(
      id,
      resumePoint(logAfter([STARTED, { type: "iteration", record: ITERATION_0 }]), 1),
      null,
      (r) => r,
    );
  }

  it("marks a running run whose page is gone interrupted, and leaves one another tab trains alone", async () => {
    const db = createMemoryHistoryDb();
    await storedRunning(db, "gone");
    await storedRunning(db, "other-tab");
    const { history } = lab(db, ["other-tab"]);
    await history.getState().actions.load();
    await settle();
    const status = Object.fromEntries(history.getState().runs.map((run) => [run.id, run.status]));
    expect(status).toEqual({ gone: "interrupted", "other-tab": "running" });
    expect((await db.listRuns()).find((run) => run.id === "gone")?.status).toBe("interrupted");
  });

  it("resumes an interrupted run from its resume point into the same record, and finishes it", async () => {
    const db = createMemoryHistoryDb();
    await storedRunning(db, "gone");
    const { history, experiment, lastRun } = lab(db);
    await history.getState().actions.load();
    await settle();

    expect(await history.getState().actions.resume("gone")).toBe(true);
    const run = lastRun();
    expect(run.options?.historyId).toBe("gone");
    expect(run.options?.resume?.nextIteration).toBe(1);
    expect(run.options?.resume?.rngState).toBe(12345);
    expect(experiment.getState().run.status).toBe("running");
    expect(experiment.getState().presetName).toBeNull();
    await settle();
    expect(history.getState().runs[0]?.status).toBe("running");

    // The worker replays the completed iteration, then runs the rest.
    run.handlers.onEvent(STARTED);
    await settle();
    expect(history.getState().runs[0]?.log?.iterations).toHaveLength(1);
    run.handlers.onEvent({ type: "iteration", record: ITERATION_0 });
    run.handlers.onEvent({ type: "iteration", record: ITERATION_1 });
    run.handlers.onEvent(DONE);
    const full = logAfter([
      STARTED,
      { type: "iteration", record: ITERATION_0 },
      { type: "iteration", record: ITERATION_1 },
      DONE,
    ]);
    run.finish(full);
    await settle();
    const runs = await db.listRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: "gone", status: "done", errorMessage: null, log: full });
  });

  it("keeps the stored iterations when a resumed run dies before its replay", async () => {
    const db = createMemoryHistoryDb();
    await storedRunning(db, "gone");
    const { history, lastRun } = lab(db);
    await history.getState().actions.load();
    await history.getState().actions.resume("gone");
    const run = lastRun();
    run.handlers.onEvent(STARTED);
    run.fail(new WorkerCrashedError("The training worker stopped: it crashed"));
    await settle();
    const [stored] = await db.listRuns();
    expect(stored?.status).toBe("interrupted");
    expect(stored?.log?.iterations).toEqual([ITERATION_0]);
  });

  it("restarts an interrupted run that saved no iteration from the beginning", async () => {
    const db = createMemoryHistoryDb();
    await db.putRun({
      id: "early",
      name: "early",
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
      status: "interrupted",
      origin: "lab",
      config: CONFIG,
      log: logAfter([STARTED]),
      errorMessage: null,
      savedIterations: 0,
      hasCheckpoint: false,
    });
    const { history, lastRun } = lab(db);
    await history.getState().actions.load();
    expect(await history.getState().actions.resume("early")).toBe(true);
    expect(lastRun().options).toEqual({ resume: null, historyId: "early" });
  });

  it("does not resume a run that is done, failed or imported", async () => {
    const { history, experiment, lastRun } = lab();
    experiment.getState().actions.run();
    lastRun().handlers.onEvent(STARTED);
    lastRun().fail(new Error("loss diverged"));
    await settle();
    expect(await history.getState().actions.resume("run-1")).toBe(false);
  });
});

describe("import, open, rename and delete", () => {
  const goodLog = logAfter([
    STARTED,
    { type: "iteration", record: ITERATION_0 },
    { type: "iteration", record: ITERATION_1 },
    DONE,
  ]);
  const file = (name: string, text: string) => ({ name, size: text.length, text: async () => text });

  it("refuses a malformed file with a message naming what is wrong, and stores nothing", async () => {
    const { db, history } = lab();
    const broken = { ...goodLog, iterations: [{ ...ITERATION_0, testAccStructured: 1.7 }] };
    const ok = await history.getState().actions.importFile(file("broken.json", JSON.stringify(broken)));
    expect(ok).toBe(false);
    expect(history.getState().importError).toMatch(/^broken\.json is not a valid run log: /);
    expect(history.getState().importError).toContain(
      "iterations[0].testAccStructured: expected a number in [0, 1], got 1.7",
    );
    expect(await history.getState().actions.importFile(file("x.json", "{not json"))).toBe(false);
    expect(history.getState().importError).toMatch(/^x\.json is not a valid run log: run log: /);
    expect(await db.listRuns()).toEqual([]);
    expect(history.getState().runs).toEqual([]);
  });

  it("stores a valid file, opens it in the charts, and clears the last import error", async () => {
    const { db, history, experiment } = lab();
    await history.getState().actions.importFile(file("bad.json", "[]"));
    expect(
      await history.getState().actions.importFile(file("cluster-rsst.run.json", JSON.stringify(goodLog))),
    ).toBe(true);
    expect(history.getState().importError).toBeNull();
    const [stored] = await db.listRuns();
    expect(stored).toMatchObject({ name: "cluster-rsst", origin: "import", status: "done", log: goodLog });
    expect(history.getState().shownId).toBe(stored?.id);
    expect(experiment.getState().run.log).toEqual(goodLog);
    expect(experiment.getState().run.status).toBe("done");
  });

  it("opens a stored run at its own standing, not at the run shown before", async () => {
    const db = createMemoryHistoryDb();
    const interrupted = logAfter([STARTED, { type: "iteration", record: ITERATION_0 }]);
    await db.putRun({
      id: "cut",
      name: "cut",
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
      status: "interrupted",
      origin: "lab",
      config: CONFIG,
      log: interrupted,
      errorMessage: null,
      savedIterations: 1,
      hasCheckpoint: true,
    });
    const { history, experiment, lastRun } = lab(db);
    await history.getState().actions.load();
    // A live run streams to step 12 of 12 and finishes.
    experiment.getState().actions.run();
    const live = lastRun();
    live.handlers.onEvent(STARTED);
    live.handlers.onEvent(step(1, 1, 2));
    live.finish(logAfter([STARTED, DONE]));
    await settle();
    expect(experiment.getState().run.progress.globalStep).toBe(12);

    expect(history.getState().actions.open("cut")).toBe(true);
    // CONFIG: 8000 images in batches of 64 → 125 steps an epoch, 250 an iteration, 500 for both
    // and 250 for the final ticket's 2 epochs, 750 in all; iteration 0 completed → step 250 of 750.
    const { progress, status } = experiment.getState().run;
    expect(status).toBe("idle");
    expect(progress).toMatchObject({ iteration: 0, globalStep: 250, totalSteps: 750, tickAt: null });
    expect(progressPercent(progress, false)).toBe(33);
  });

  it("keeps a rename made during a run when the run writes its next iteration", async () => {
    const { db, history, experiment, lastRun } = lab();
    experiment.getState().actions.run();
    const run = lastRun();
    run.handlers.onEvent(STARTED);
    await settle();
    await history.getState().actions.rename("run-1", "  heads under RSST  ");
    run.handlers.onEvent({ type: "iteration", record: ITERATION_0 });
    await settle();
    const [stored] = await db.listRuns();
    expect(stored?.name).toBe("heads under RSST");
    expect(stored?.log?.iterations).toHaveLength(1);
  });

  it("deletes a run with its resume point and checkpoint, but not the one being trained", async () => {
    const { db, history, experiment, lastRun } = lab();
    experiment.getState().actions.run();
    const run = lastRun();
    run.handlers.onEvent(STARTED);
    const log0 = logAfter([STARTED, { type: "iteration", record: ITERATION_0 }]);
    await run.handlers.onSaved?.({ point: resumePoint(log0, 1), checkpoint: CHECKPOINT });
    await history.getState().actions.remove("run-1");
    expect(await db.listRuns()).toHaveLength(1);
    run.finish(log0);
    await settle();
    history.getState().actions.toggleCompare("run-1");
    await history.getState().actions.remove("run-1");
    expect(await db.listRuns()).toEqual([]);
    expect(await db.getResumePoint("run-1")).toBeUndefined();
    expect(await db.getCheckpoint("run-1")).toBeUndefined();
    expect(history.getState().compareIds).toEqual([]);
  });
});

describe("storage failures", () => {
  it("reports a full quota by name and lets the run go on", async () => {
    const memory = createMemoryHistoryDb();
    const full: HistoryDb = {
      ...memory,
      saveIteration: () => Promise.reject(new DOMException("quota", "QuotaExceededError")),
    };
    const { history, experiment, lastRun } = lab(full);
    experiment.getState().actions.run();
    const run = lastRun();
    run.handlers.onEvent(STARTED);
    const log0 = logAfter([STARTED, { type: "iteration", record: ITERATION_0 }]);
    await expect(
      run.handlers.onSaved?.({ point: resumePoint(log0, 1), checkpoint: null }),
    ).resolves.toBeUndefined();
    expect(history.getState().storageError).toMatch(/quota/i);
    expect(experiment.getState().run.status).toBe("running");
    history.getState().actions.dismissStorageError();
    expect(history.getState().storageError).toBeNull();
  });

  it("keeps runs in memory, and says so, when IndexedDB cannot open", async () => {
    const history = createHistoryStore({
      db: Promise.reject(new Error("this browser offers no IndexedDB")),
      liveness: fakeLiveness().liveness,
      experiment: { show: () => true, start: () => true },
    });
    await history.getState().actions.load();
    expect(history.getState().ready).toBe(true);
    expect(history.getState().notice).toMatch(/memory only.*no IndexedDB/);
  });
});
