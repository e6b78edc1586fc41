import { describe, expect, it } from "vitest";
import { foldRunLog } from "../../src/core/runlog";
import type { ExperimentEvent, RunLog } from "../../src/core/types";
import { progressPercent, remainingMs } from "../../src/store/runProgress";
import {
  applyEvent,
  failRun,
  pauseRun,
  type RunState,
  resumeRun,
  settleRun,
  shownRun,
  startingRun,
  stopRun,
} from "../../src/store/runState";
import { CONFIG, iterationRecord, STARTED, step } from "./store-fixtures";

function fold(events: [ExperimentEvent, number][], start = startingRun(0)): RunState {
  return events.reduce((run, [event, at]) => applyEvent(run, event, at), start);
}

describe("applyEvent", () => {
  it("collects the live steps of the current iteration, numbered within the iteration", () => {
    const run = fold([
      [STARTED, 0],
      [step(0, 0, 0, 2.0), 100],
      [step(0, 1, 1, 1.5), 200], // epoch 1, step 1 → step 1·3 + 1 = 4 of the iteration
    ]);
    expect(run.live).toEqual([
      { step: 0, loss: 2.0, lambda: 0 },
      { step: 4, loss: 1.5, lambda: 0 },
    ]);
    expect(run.progress.globalStep).toBe(5);
    expect(run.progress.epoch).toBe(1);
  });

  it("starts a fresh live series when a new iteration trains", () => {
    const run = fold([
      [STARTED, 0],
      [step(0, 0, 0), 100],
      [{ type: "phase", iteration: 1, phase: "training" }, 150],
      [step(1, 0, 0, 0.7, 0.1), 200],
    ]);
    expect(run.liveIteration).toBe(1);
    expect(run.live).toEqual([{ step: 0, loss: 0.7, lambda: 0.1 }]);
    expect(run.progress.phase).toBe("training");
  });

  it("folds iterations into the run log as core's foldRunLog does", () => {
    const record = iterationRecord(0, [
      [true, false],
      [true, true],
    ]);
    const run = fold([
      [STARTED, 0],
      [{ type: "iteration", record }, 100],
    ]);
    expect(run.log).toEqual(foldRunLog(foldRunLog(null, STARTED), { type: "iteration", record }));
  });

  it("ends running with done, and records the error message", () => {
    const done = fold([
      [STARTED, 0],
      [
        {
          type: "done",
          final: {
            testAcc: 0.8,
            sparsity: 0.4,
            testAccCut: 0.7,
            finalTrain: "rewind",
            epochs: [],
            aliveGroups: { head: 3 },
          },
        },
        10,
      ],
    ]);
    expect(done.status).toBe("done");
    expect(done.log?.final?.testAcc).toBe(0.8);
    const failed = fold([
      [STARTED, 0],
      [{ type: "error", message: "The training loss became NaN", iteration: 0 }, 10],
    ]);
    expect(failed.status).toBe("error");
    expect(failed.errorMessage).toBe("The training loss became NaN");
  });
});

describe("pause, resume and the ETA", () => {
  it("counts running time only, so a pause does not slow the ETA", () => {
    let run = fold([
      [STARTED, 0],
      [step(0, 0, 0), 100],
      [step(0, 0, 1), 200],
    ]);
    run = pauseRun(run, 250);
    expect(run.status).toBe("paused");
    run = applyEvent(run, step(0, 0, 2), 260); // the step in flight when Pause was pressed
    run = resumeRun(run, 1250);
    run = applyEvent(run, step(0, 1, 0), 1290);
    // running: 0→250 and 1250→1290 = 290 ms. The pace counts from the first step (step 1 at
    // 100 ms): 190 ms for 3 steps; 8 left → 190 / 3 · 8 ≈ 506.67 ms
    expect(run.progress.activeMs).toBe(290);
    expect(run.progress.globalStep).toBe(4);
    expect(remainingMs(run.progress)).toBeCloseTo((190 / 3) * 8, 6);
  });

  it("has no ETA before a second step gives a pace", () => {
    const run = fold([
      [STARTED, 0],
      [step(0, 0, 0), 400],
    ]);
    expect(remainingMs(run.progress)).toBeNull();
  });

  it("after a resume, measures the pace over the steps since the resume only", () => {
    // Resumed after iteration 0 of 2: its 6 steps are done, none of their time is counted.
    const run = fold([
      [STARTED, 0],
      [
        {
          type: "iteration",
          record: iterationRecord(0, [
            [true, true],
            [true, true],
          ]),
        },
        0,
      ],
      [step(1, 0, 0), 500], // global step 7; the 500 ms before it are checkpoint loading and warm-up
      [step(1, 0, 1), 600],
      [step(1, 0, 2), 700], // global step 9
    ]);
    // since the first step: 700 − 500 = 200 ms for 9 − 7 = 2 steps; 12 − 9 = 3 left → 300 ms.
    // (Over all steps done it read 700 / 9 · 3 ≈ 233 ms, too low.)
    expect(remainingMs(run.progress)).toBeCloseTo(300, 6);
  });

  it("reports progress over all steps, reaching 100 only once finished", () => {
    const run = fold([
      [STARTED, 0],
      [step(1, 1, 2), 100], // global step 12 of 12
    ]);
    expect(progressPercent(run.progress, false)).toBe(99);
    expect(progressPercent(run.progress, true)).toBe(100);
    expect(progressPercent({ ...run.progress, globalStep: 3 }, false)).toBe(25);
  });
});

describe("a stored run opened to view", () => {
  // 100 images in batches of 32 → 3 steps an epoch; 2 epochs → 6 an iteration; 2 iterations → 12,
  // and the final ticket's 2 epochs → 18.
  const logged = foldRunLog(null, STARTED);
  if (!logged) throw new Error("the started event should have created the log");
  const started: RunLog = { ...logged, config: { ...CONFIG, trainSize: 100, batchSize: 32 } };
  const first = iterationRecord(0, [
    [true, false],
    [true, true],
  ]);
  const second = iterationRecord(1, [
    [true, false],
    [false, true],
  ]);

  it("stands where an interrupted run's log ends: its last completed iteration", () => {
    const run = shownRun({ ...started, iterations: [first] });
    expect(run.status).toBe("idle");
    expect(run.progress).toMatchObject({ iteration: 0, epoch: 1, globalStep: 6, totalSteps: 18 });
    expect(progressPercent(run.progress, false)).toBe(33);
    expect(remainingMs(run.progress)).toBeNull();
  });

  it("stands at the end of a finished run, with nothing running", () => {
    const epoch = { trainLoss: 0.5, trainAcc: 0.9, testAcc: 0.8, lambda: 0 };
    const epochs = [0, 1].map((index) => ({ epoch: index, ...epoch }));
    const final = {
      testAcc: 0.8,
      sparsity: 0.4,
      testAccCut: 0.7,
      finalTrain: "rewind" as const,
      epochs,
      aliveGroups: { head: 2 },
    };
    const run = shownRun({ ...started, iterations: [first, second], final });
    expect(run.status).toBe("done");
    expect(run.progress).toMatchObject({ iteration: 2, globalStep: 18, totalSteps: 18, tickAt: null });
    expect(progressPercent(run.progress, true)).toBe(100);
    expect(remainingMs(run.progress)).toBeNull();
  });

  it("is at the start when no iteration was completed", () => {
    const run = shownRun(started);
    expect(run.progress).toMatchObject({ iteration: 0, epoch: 0, globalStep: 0, totalSteps: 18 });
  });
});

describe("settling", () => {
  it("keeps a stopped run's data and marks it stopped and done", () => {
    const running = fold([
      [STARTED, 0],
      [step(0, 0, 0), 100],
    ]);
    const stopped = stopRun(running);
    const log = running.log;
    if (!log) throw new Error("the started event should have created the log");
    const settled = settleRun(stopped, log, 200);
    expect(settled.status).toBe("done");
    expect(settled.stopped).toBe(true);
    expect(settled.live).toHaveLength(1);
    expect(settled.log).toBe(log);
  });

  it("keeps the worker's error message over the rejection's", () => {
    const failed = fold([
      [STARTED, 0],
      [{ type: "error", message: "device lost", iteration: 0 }, 10],
    ]);
    expect(failRun(failed, "Error: device lost (rethrown)", 20).errorMessage).toBe("device lost");
  });
});
