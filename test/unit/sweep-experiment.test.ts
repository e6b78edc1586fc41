// The sweeps' experiment over the lab's store: a point is the lab's run, its ending is read from
// the run slice, a cut run resumes through the history, and a finished point's stored run is
// tagged with its sweep. The worker is a stand-in whose runs settle when the test says.
import { describe, expect, it } from "vitest";
import { queuedSweep, resolveSweepPoints } from "../../src/core/sweep";
import type { ExperimentEvent } from "../../src/core/types";
import { createMemoryHistoryDb } from "../../src/lib/dbMemory";
import type { HistoryDb } from "../../src/lib/historyRecord";
import type { LabStore } from "../../src/store/labState";
import { historyReady, labSweepExperiment } from "../../src/store/sweepExperiment";
import { fakeRunner, testLab } from "./fixtures/lab";
import { CONFIG, iterationRecord, logAfter, resumePoint, STARTED, settle } from "./store-fixtures";

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
const ITERATION_0: ExperimentEvent = {
  type: "iteration",
  record: iterationRecord(0, [
    [true, false],
    [true, true],
  ]),
};

const STARTED_ENV = STARTED.type === "started" ? STARTED.env : {};

const resolved = resolveSweepPoints({ base: { preset: "tiny-vit-synthetic" }, axes: { seed: [1, 2] } });
if (!resolved.ok) throw new Error(resolved.errors.join("\n"));
const SWEEP = queuedSweep("sw", "Seeds", "2026-01-01T00:00:00Z", { base: {}, axes: {} }, resolved.points);
const POINT = SWEEP.points[1]!;

/** The lab store, counting the subscriptions made to it and not yet ended. */
function listened(lab: LabStore) {
  let live = 0;
  const counted: LabStore = {
    ...lab,
    subscribe(listener) {
      live += 1;
      const unsubscribe = lab.subscribe(listener);
      return () => {
        live -= 1;
        unsubscribe();
      };
    },
  };
  return { counted, live: () => live };
}

/**
 * The lab over a memory history; `opens` counts the experiment's own connections to it,
 * `listeners` its subscriptions to the lab still open.
 */
function labWithExperiment(db: HistoryDb = createMemoryHistoryDb()) {
  const worker = fakeRunner();
  const lab = testLab({ runner: worker.runner, db: Promise.resolve(db) });
  const { counted, live } = listened(lab);
  let opens = 0;
  const experiment = labSweepExperiment(counted, async () => {
    opens += 1;
    return db;
  });
  return { db, lab, worker, experiment, opens: () => opens, listeners: live };
}

describe("the sweeps' experiment over the lab", () => {
  it("starts a point as the lab's run and ends it with the final ticket's figures", async () => {
    const { lab, worker, experiment, listeners } = labWithExperiment();
    await lab.getState().historyActions.load();
    const started = experiment.start({ ...CONFIG, seed: 7 });
    expect(listeners()).toBe(1);
    expect(started?.runId).toBe("run-1");
    expect(lab.getState().shownId).toBe("run-1");
    expect(worker.lastRun().config.seed).toBe(7);
    // A second point while this one runs: the lab refuses it, and nothing else starts.
    expect(experiment.start(CONFIG)).toBeNull();
    expect(worker.runs).toHaveLength(1);

    const run = worker.lastRun();
    for (const event of [STARTED, ITERATION_0, DONE]) run.handlers.onEvent(event);
    run.finish(logAfter([STARTED, ITERATION_0, DONE]));
    expect(await started?.ended).toEqual({ status: "done", testAcc: 0.8, sparsity: 0.4, compactFlops: null });
    // Once it ended, it stops listening to the lab.
    expect(listeners()).toBe(0);
  });

  it("ends a failed point with the run's message, and a stopped one as cancelled", async () => {
    const { lab, worker, experiment } = labWithExperiment();
    await lab.getState().historyActions.load();
    const failing = experiment.start(CONFIG);
    worker.lastRun().handlers.onEvent(STARTED);
    worker.lastRun().fail(new Error("loss diverged"));
    expect(await failing?.ended).toEqual({ status: "failed", error: "loss diverged" });

    const stopping = experiment.start(CONFIG);
    worker.lastRun().handlers.onEvent(STARTED);
    experiment.stop();
    worker.lastRun().fail(new Error("cancelled"));
    expect(await stopping?.ended).toEqual({ status: "cancelled" });
    expect(worker.calls).toEqual(["start", "start", "cancel"]);
  });

  it("passes pause and resume to the worker", async () => {
    const { lab, worker, experiment } = labWithExperiment();
    await lab.getState().historyActions.load();
    experiment.start(CONFIG);
    worker.lastRun().handlers.onEvent(STARTED);
    experiment.pause();
    experiment.resume();
    expect(worker.calls).toEqual(["start", "pause", "resume"]);
  });

  it("resumes a cut run that stored an iteration, and nothing else", async () => {
    const db = createMemoryHistoryDb();
    const stored = (id: string, status: "interrupted" | "done", savedIterations: number) => ({
      id,
      name: id,
      createdAt: "2025-01-01T00:00:00.000Z",
      updatedAt: "2025-01-01T00:00:00.000Z",
      status,
      origin: "lab" as const,
      config: CONFIG,
      log: logAfter([STARTED, ITERATION_0]),
      errorMessage: null,
      savedIterations,
      hasCheckpoint: false,
    });
    await db.putRun(stored("cut", "interrupted", 1));
    await db.saveIteration("cut", resumePoint(logAfter([STARTED, ITERATION_0]), 1), null, (r) => r);
    await db.putRun(stored("early", "interrupted", 0));
    await db.putRun(stored("finished", "done", 1));
    const { lab, worker, experiment } = labWithExperiment(db);
    await lab.getState().historyActions.load();
    await settle();

    expect(await experiment.resumeCut("unknown")).toBeNull();
    expect(await experiment.resumeCut("early")).toBeNull();
    expect(await experiment.resumeCut("finished")).toBeNull();
    expect(worker.runs).toHaveLength(0);

    const resumed = await experiment.resumeCut("cut");
    expect(resumed?.runId).toBe("cut");
    expect(worker.lastRun().options?.resume?.nextIteration).toBe(1);
    // While it trains, another cut run cannot resume: the history refuses it.
    await db.putRun(stored("cut-2", "interrupted", 1));
    await lab.getState().historyActions.load();
    expect(await experiment.resumeCut("cut-2")).toBeNull();
    expect(worker.runs).toHaveLength(1);
  });

  it("tags a finished point's stored run with its sweep and names it, over one connection", async () => {
    const { db, lab, worker, experiment, opens } = labWithExperiment();
    await lab.getState().historyActions.load();
    const started = experiment.start(CONFIG);
    const run = worker.lastRun();
    for (const event of [STARTED, ITERATION_0, DONE]) run.handlers.onEvent(event);
    run.finish(logAfter([STARTED, ITERATION_0, DONE]));
    await started?.ended;
    await settle();
    await experiment.tag("run-1", SWEEP, POINT);
    await experiment.tag("run-1", SWEEP, POINT);
    const [tagged] = await db.listRuns();
    expect(tagged?.name).toBe(`Seeds · ${POINT.name}`);
    expect(tagged?.log?.env).toEqual({ ...STARTED_ENV, sweep: "sw", sweepPoint: POINT.name });
    expect(tagged?.log?.iterations).toHaveLength(1);
    expect(opens()).toBe(1);
  });

  it("still names the point when its second connection does not open", async () => {
    const db = createMemoryHistoryDb();
    const worker = fakeRunner();
    const lab = testLab({ runner: worker.runner, db: Promise.resolve(db) });
    await lab.getState().historyActions.load();
    const experiment = labSweepExperiment(lab, () => Promise.reject(new Error("blocked")));
    experiment.start(CONFIG);
    worker.lastRun().handlers.onEvent(STARTED);
    await settle();
    await experiment.tag("run-1", SWEEP, POINT);
    const [named] = await db.listRuns();
    expect(named?.name).toBe(`Seeds · ${POINT.name}`);
    expect(named?.log?.env.sweep).toBeUndefined();
  });

  it("waits for the history to be read before a sweep may load", async () => {
    const lab = testLab();
    const { counted, live } = listened(lab);
    let ready = false;
    const waiting = historyReady(counted).then(() => {
      ready = true;
    });
    // The lab changes before its history is read: still not ready.
    lab.getState().configActions.setField("seed", 3);
    await settle();
    expect(ready).toBe(false);
    await lab.getState().historyActions.load();
    await waiting;
    expect(ready).toBe(true);
    expect(live()).toBe(0);
    // Once read, it resolves at once.
    await historyReady(lab);
  });
});
