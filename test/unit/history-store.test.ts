import { describe, expect, it } from "vitest";
import type { ExperimentEvent } from "../../src/core/types";
import { createMemoryHistoryDb } from "../../src/lib/dbMemory";
import type { HistoryDb } from "../../src/lib/historyRecord";
import { WorkerCrashedError } from "../../src/lib/workerClient";
import { progressPercent } from "../../src/store/runProgress";
import { fakeLiveness, fakeRunner, testLab } from "./fixtures/lab";
import { CONFIG, iterationRecord, logAfter, resumePoint, STARTED, settle, step } from "./store-fixtures";

/** The page's store over `db`, with the worker and another tab's liveness stood in. */
function lab(db: HistoryDb = createMemoryHistoryDb(), elsewhere: string[] = []) {
  const worker = fakeRunner();
  const { liveness, held } = fakeLiveness(elsewhere);
  const store = testLab({ runner: worker.runner, db: Promise.resolve(db), liveness });
  return { db, store, held, lastRun: worker.lastRun };
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

const CHECKPOINT = Uint8Array.of(8, 0, 0, 0, 0, 0, 0, 0, 123);

describe("recording a run as it goes", () => {
  it("stores the record at start, each iteration's log, resume point and checkpoint, and the end", async () => {
    const { db, store, lastRun } = lab();
    store.getState().runActions.run();
    const run = lastRun();
    expect(store.getState().liveIds).toEqual(["run-1"]);
    expect(store.getState().shownId).toBe("run-1");

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
    expect(store.getState().runs).toEqual([ended]);
    expect(store.getState().liveIds).toEqual([]);
  });

  it("stores a stopped run as stopped, a failed one as error, a crashed worker's as interrupted", async () => {
    const { db, store, lastRun } = lab();
    const statuses: string[] = [];
    for (const end of ["stop", "fail", "crash"] as const) {
      store.getState().runActions.run();
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
    const { db, store, lastRun } = lab();
    store.getState().runActions.run();
    lastRun().fail(new Error("The webgpu backend is not available here"));
    await settle();
    expect(await db.listRuns()).toEqual([]);
    expect(store.getState().runs).toEqual([]);
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
    const { store } = lab(db, ["other-tab"]);
    await store.getState().historyActions.load();
    await settle();
    const status = Object.fromEntries(store.getState().runs.map((run) => [run.id, run.status]));
    expect(status).toEqual({ gone: "interrupted", "other-tab": "running" });
    expect((await db.listRuns()).find((run) => run.id === "gone")?.status).toBe("interrupted");
  });

  it("resumes an interrupted run from its resume point into the same record, and finishes it", async () => {
    const db = createMemoryHistoryDb();
    await storedRunning(db, "gone");
    const { store, lastRun } = lab(db);
    await store.getState().historyActions.load();
    await settle();

    expect(await store.getState().historyActions.resume("gone")).toBe(true);
    const run = lastRun();
    expect(store.getState().liveIds).toEqual(["gone"]);
    expect(store.getState().shownId).toBe("gone");
    expect(run.options?.resume?.nextIteration).toBe(1);
    expect(run.options?.resume?.rngState).toBe(12345);
    expect(store.getState().run.status).toBe("running");
    expect(store.getState().presetName).toBeNull();
    await settle();
    expect(store.getState().runs[0]?.status).toBe("running");

    // The worker replays the completed iteration, then runs the rest.
    run.handlers.onEvent(STARTED);
    await settle();
    expect(store.getState().runs[0]?.log?.iterations).toHaveLength(1);
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
    const { store, lastRun } = lab(db);
    await store.getState().historyActions.load();
    await store.getState().historyActions.resume("gone");
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
    const { store, lastRun } = lab(db);
    await store.getState().historyActions.load();
    expect(await store.getState().historyActions.resume("early")).toBe(true);
    expect(lastRun().options).toEqual({ resume: null });
    expect(store.getState().liveIds).toEqual(["early"]);
  });

  it("does not resume a run that is done, failed or imported", async () => {
    const { store, lastRun } = lab();
    store.getState().runActions.run();
    lastRun().handlers.onEvent(STARTED);
    lastRun().fail(new Error("loss diverged"));
    await settle();
    expect(await store.getState().historyActions.resume("run-1")).toBe(false);
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
    const { db, store } = lab();
    const broken = { ...goodLog, iterations: [{ ...ITERATION_0, testAccStructured: 1.7 }] };
    const ok = await store.getState().historyActions.importFile(file("broken.json", JSON.stringify(broken)));
    expect(ok).toBe(false);
    expect(store.getState().importError).toMatch(/^broken\.json is not a valid run log: /);
    expect(store.getState().importError).toContain(
      "iterations[0].testAccStructured: expected a number in [0, 1], got 1.7",
    );
    expect(await store.getState().historyActions.importFile(file("x.json", "{not json"))).toBe(false);
    expect(store.getState().importError).toMatch(/^x\.json is not a valid run log: run log: /);
    expect(await db.listRuns()).toEqual([]);
    expect(store.getState().runs).toEqual([]);
  });

  it("stores a valid file, opens it in the charts, and clears the last import error", async () => {
    const { db, store } = lab();
    await store.getState().historyActions.importFile(file("bad.json", "[]"));
    expect(
      await store
        .getState()
        .historyActions.importFile(file("cluster-rsst.run.json", JSON.stringify(goodLog))),
    ).toBe(true);
    expect(store.getState().importError).toBeNull();
    const [stored] = await db.listRuns();
    expect(stored).toMatchObject({ name: "cluster-rsst", origin: "import", status: "done", log: goodLog });
    expect(store.getState().shownId).toBe(stored?.id);
    expect(store.getState().run.log).toEqual(goodLog);
    expect(store.getState().run.status).toBe("done");
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
    const { store, lastRun } = lab(db);
    await store.getState().historyActions.load();
    // A live run streams to step 12 of 12 and finishes.
    store.getState().runActions.run();
    const live = lastRun();
    live.handlers.onEvent(STARTED);
    live.handlers.onEvent(step(1, 1, 2));
    live.finish(logAfter([STARTED, DONE]));
    await settle();
    expect(store.getState().run.progress.globalStep).toBe(12);

    expect(store.getState().historyActions.open("cut")).toBe(true);
    // CONFIG: 8000 images in batches of 64 → 125 steps an epoch, 250 an iteration, 500 for both
    // and 250 for the final ticket's 2 epochs, 750 in all; iteration 0 completed → step 250 of 750.
    const { progress, status } = store.getState().run;
    expect(status).toBe("idle");
    expect(progress).toMatchObject({ iteration: 0, globalStep: 250, totalSteps: 750, tickAt: null });
    expect(progressPercent(progress, false)).toBe(33);
  });

  it("keeps a rename made during a run when the run writes its next iteration", async () => {
    const { db, store, lastRun } = lab();
    store.getState().runActions.run();
    const run = lastRun();
    run.handlers.onEvent(STARTED);
    await settle();
    await store.getState().historyActions.rename("run-1", "  heads under RSST  ");
    run.handlers.onEvent({ type: "iteration", record: ITERATION_0 });
    await settle();
    const [stored] = await db.listRuns();
    expect(stored?.name).toBe("heads under RSST");
    expect(stored?.log?.iterations).toHaveLength(1);
  });

  it("deletes a run with its resume point and checkpoint, but not the one being trained", async () => {
    const { db, store, lastRun } = lab();
    store.getState().runActions.run();
    const run = lastRun();
    run.handlers.onEvent(STARTED);
    const log0 = logAfter([STARTED, { type: "iteration", record: ITERATION_0 }]);
    await run.handlers.onSaved?.({ point: resumePoint(log0, 1), checkpoint: CHECKPOINT });
    await store.getState().historyActions.remove("run-1");
    expect(await db.listRuns()).toHaveLength(1);
    run.finish(log0);
    await settle();
    store.getState().historyActions.toggleCompare("run-1");
    await store.getState().historyActions.remove("run-1");
    expect(await db.listRuns()).toEqual([]);
    expect(await db.getResumePoint("run-1")).toBeUndefined();
    expect(await db.getCheckpoint("run-1")).toBeUndefined();
    expect(store.getState().compareIds).toEqual([]);
  });
});

describe("storage failures", () => {
  it("reports a full quota by name and lets the run go on", async () => {
    const memory = createMemoryHistoryDb();
    const full: HistoryDb = {
      ...memory,
      saveIteration: () => Promise.reject(new DOMException("quota", "QuotaExceededError")),
    };
    const { store, lastRun } = lab(full);
    store.getState().runActions.run();
    const run = lastRun();
    run.handlers.onEvent(STARTED);
    const log0 = logAfter([STARTED, { type: "iteration", record: ITERATION_0 }]);
    await expect(
      run.handlers.onSaved?.({ point: resumePoint(log0, 1), checkpoint: null }),
    ).resolves.toBeUndefined();
    expect(store.getState().historyStorageError).toMatch(/quota/i);
    expect(store.getState().run.status).toBe("running");
    store.getState().historyActions.dismissStorageError();
    expect(store.getState().historyStorageError).toBeNull();
  });

  it("keeps runs in memory, and says so, when IndexedDB cannot open", async () => {
    const store = testLab({ db: Promise.reject(new Error("this browser offers no IndexedDB")) });
    await store.getState().historyActions.load();
    expect(store.getState().historyReady).toBe(true);
    expect(store.getState().historyNotice).toMatch(/memory only.*no IndexedDB/);
  });
});
