// The run's fold at its edges: each event's effect on the live series, the clock while paused,
// the endings that leave a run alone, and the progress figures at their limits.
import { describe, expect, it } from "vitest";
import type { EpochRecord, ExperimentEvent, RunLog } from "../../src/core/types";
import {
  loggedProgress,
  NO_PROGRESS,
  progressPercent,
  remainingMs,
  tick,
  withPaceMark,
} from "../../src/store/runProgress";
import {
  applyEvent,
  failRun,
  IDLE_RUN,
  pauseRun,
  type RunState,
  resumeRun,
  settleRun,
  shownRun,
  startingRun,
  stopRun,
} from "../../src/store/runState";
import { CONFIG, iterationRecord, logAfter, STARTED, step } from "./store-fixtures";

const EPOCH_0: EpochRecord = { epoch: 0, trainLoss: 0.9, trainAcc: 0.5, testAcc: 0.4, lambda: 0 };
const EPOCH_1: EpochRecord = { epoch: 1, trainLoss: 0.6, trainAcc: 0.7, testAcc: 0.6, lambda: 0.1 };

/** The fixture's step event, as a step. */
function stepEvent(...args: Parameters<typeof step>): Extract<ExperimentEvent, { type: "step" }> {
  const event = step(...args);
  if (event.type !== "step") throw new Error("the fixture's step is not a step");
  return event;
}

function fold(events: [ExperimentEvent, number][], start: RunState = startingRun(0)): RunState {
  return events.reduce((run, [event, at]) => applyEvent(run, event, at), start);
}

describe("a run starting", () => {
  it("starts from nothing: idle, not stopped, no error, backend, log, series or compaction", () => {
    expect(IDLE_RUN).toEqual({
      status: "idle",
      stopped: false,
      errorMessage: null,
      backend: null,
      log: null,
      live: [],
      liveEpochs: [],
      liveIteration: 0,
      progress: NO_PROGRESS,
      compaction: null,
      finalEpochs: [],
    });
  });

  it("runs from its start time, with nothing else of an earlier run", () => {
    expect(startingRun(40)).toEqual({
      ...IDLE_RUN,
      status: "running",
      progress: { ...NO_PROGRESS, tickAt: 40 },
    });
  });

  it("clears the live series of whatever came before, and counts its steps from the event", () => {
    const before: RunState = {
      ...startingRun(0),
      live: [{ step: 0, loss: 1, lambda: 0 }],
      liveEpochs: [EPOCH_0],
      liveIteration: 3,
      finalEpochs: [EPOCH_1],
      progress: { ...NO_PROGRESS, activeMs: 500, globalStep: 7, tickAt: 0 },
    };
    const run = applyEvent(before, STARTED, 80);
    expect(run.live).toEqual([]);
    expect(run.liveEpochs).toEqual([]);
    expect(run.liveIteration).toBe(0);
    expect(run.finalEpochs).toEqual([]);
    expect(run.progress).toEqual({ ...NO_PROGRESS, totalSteps: 12, stepsPerEpoch: 3, tickAt: 80 });
  });

  it("keeps the clock stopped when Pause came before the worker's start", () => {
    const paused = pauseRun(startingRun(0), 50);
    const run = applyEvent(paused, STARTED, 80);
    expect(run.status).toBe("paused");
    expect(run.progress.tickAt).toBeNull();
    expect(run.progress.activeMs).toBe(0);
  });
});

describe("the live series", () => {
  it("keeps a phase's own iteration's steps and epochs, and drops another's", () => {
    const trained = fold([
      [STARTED, 0],
      [step(0, 0, 0, 2), 10],
      [{ type: "epoch", iteration: 0, record: EPOCH_0 }, 20],
    ]);
    const same = applyEvent(trained, { type: "phase", iteration: 0, phase: "pruning" }, 30);
    expect(same.live).toEqual([{ step: 0, loss: 2, lambda: 0 }]);
    expect(same.liveEpochs).toEqual([EPOCH_0]);
    expect(same.progress.phase).toBe("pruning");
    expect(same.progress.iteration).toBe(0);
    const next = applyEvent(trained, { type: "phase", iteration: 1, phase: "rewinding" }, 30);
    expect(next.live).toEqual([]);
    expect(next.liveEpochs).toEqual([]);
    expect(next.liveIteration).toBe(1);
    expect(next.progress).toMatchObject({ iteration: 1, phase: "rewinding" });
  });

  it("collects the epochs of the iteration training, and starts again for the next", () => {
    const run = fold([
      [STARTED, 0],
      [step(0, 0, 0), 10],
      [{ type: "epoch", iteration: 0, record: EPOCH_0 }, 20],
      [{ type: "epoch", iteration: 0, record: EPOCH_1 }, 30],
    ]);
    expect(run.liveEpochs).toEqual([EPOCH_0, EPOCH_1]);
    expect(run.live).toHaveLength(1);
    const next = applyEvent(run, { type: "epoch", iteration: 1, record: EPOCH_0 }, 40);
    expect(next.liveEpochs).toEqual([EPOCH_0]);
    expect(next.live).toEqual([]);
    expect(next.liveIteration).toBe(1);
  });

  it("keeps a step's pull figures, and gives a step without them none", () => {
    const pulled: ExperimentEvent = { ...stepEvent(0, 0, 0, 1.5, 0.2), pull: { pulled: 0.01, kept: 0.3 } };
    const run = fold([
      [STARTED, 0],
      [pulled, 10],
      [step(0, 0, 1, 1.4, 0.2), 20],
    ]);
    expect(run.live[0]).toStrictEqual({ step: 0, loss: 1.5, lambda: 0.2, pull: { pulled: 0.01, kept: 0.3 } });
    expect(run.live[1]).toStrictEqual({ step: 1, loss: 1.4, lambda: 0.2 });
  });

  it("takes the iteration, epoch and step counts of each step from the event", () => {
    const event: ExperimentEvent = { ...stepEvent(1, 1, 2), globalStep: 11, totalSteps: 20 };
    const run = fold([
      [STARTED, 0],
      [event, 10],
    ]);
    expect(run.progress).toMatchObject({ iteration: 1, epoch: 1, globalStep: 11, totalSteps: 20 });
    expect(run.liveIteration).toBe(1);
    expect(run.live).toEqual([{ step: 5, loss: 1, lambda: 0 }]);
  });

  it("does not count the time of steps that arrive while paused", () => {
    const paused = pauseRun(
      fold([
        [STARTED, 0],
        [step(0, 0, 0), 100],
      ]),
      150,
    );
    const run = applyEvent(paused, step(0, 0, 1), 900);
    expect(run.progress.activeMs).toBe(150);
    expect(run.progress.tickAt).toBeNull();
  });

  it("appends the final ticket's epochs as they finish", () => {
    const run = fold([
      [STARTED, 0],
      [{ type: "final-epoch", record: EPOCH_0 }, 10],
      [{ type: "final-epoch", record: EPOCH_1 }, 20],
    ]);
    expect(run.finalEpochs).toEqual([EPOCH_0, EPOCH_1]);
  });
});

describe("a run ending", () => {
  const FINAL = {
    testAcc: 0.8,
    sparsity: 0.4,
    testAccCut: 0.7,
    finalTrain: "rewind" as const,
    epochs: [],
    aliveGroups: { head: 3 },
  };

  it("stops the clock at the worker's done or error", () => {
    const started = fold([[STARTED, 100]]);
    const done = applyEvent(started, { type: "done", final: FINAL }, 400);
    expect(done.progress).toMatchObject({ activeMs: 300, tickAt: null });
    const failed = applyEvent(started, { type: "error", message: "lost", iteration: null }, 250);
    expect(failed.progress).toMatchObject({ activeMs: 150, tickAt: null });
  });

  it("ends a paused run done too, and leaves a run that had failed failed", () => {
    const paused = pauseRun(fold([[STARTED, 0]]), 10);
    expect(applyEvent(paused, { type: "done", final: FINAL }, 20).status).toBe("done");
    const failed = fold([
      [STARTED, 0],
      [{ type: "error", message: "lost", iteration: 0 }, 10],
    ]);
    expect(applyEvent(failed, { type: "done", final: FINAL }, 20).status).toBe("error");
  });

  it("settles with the runner's log and the clock stopped, unless it had failed", () => {
    const running = fold([[STARTED, 100]]);
    const log: RunLog = logAfter([STARTED]);
    const settled = settleRun(running, log, 250);
    expect(settled.log).toBe(log);
    expect(settled.progress).toMatchObject({ activeMs: 150, tickAt: null });
    const failed = fold([
      [STARTED, 0],
      [{ type: "error", message: "lost", iteration: 0 }, 10],
    ]);
    expect(settleRun(failed, log, 20)).toBe(failed);
  });

  it("fails with the rejection's message when the worker sent none, and stops the clock", () => {
    const failed = failRun(fold([[STARTED, 100]]), "worker crashed", 130);
    expect(failed.status).toBe("error");
    expect(failed.errorMessage).toBe("worker crashed");
    expect(failed.progress).toMatchObject({ activeMs: 30, tickAt: null });
  });

  it("leaves a run alone when pause, resume or stop do not apply", () => {
    const running = fold([[STARTED, 0]]);
    expect(resumeRun(running, 10)).toBe(running);
    const paused = pauseRun(running, 10);
    expect(pauseRun(paused, 20)).toBe(paused);
    const resumed = resumeRun(paused, 30);
    expect(resumed.status).toBe("running");
    expect(resumed.progress).toMatchObject({ activeMs: 10, tickAt: 30 });
    expect(stopRun(paused).stopped).toBe(true);
    const done = settleRun(running, logAfter([STARTED]), 10);
    expect(stopRun(done)).toBe(done);
    expect(stopRun(IDLE_RUN)).toBe(IDLE_RUN);
  });
});

describe("progress at its limits", () => {
  it("counts a finished run's final epochs after its iterations", () => {
    const epochs = [EPOCH_0];
    const log: RunLog = {
      ...logAfter([STARTED]),
      config: { ...CONFIG, trainSize: 100, batchSize: 32 },
      iterations: [
        iterationRecord(0, [
          [true, true],
          [true, true],
        ]),
        iterationRecord(1, [
          [true, false],
          [true, true],
        ]),
      ],
      final: { testAcc: 0.8, sparsity: 0.4, testAccCut: 0.7, finalTrain: "rewind", epochs, aliveGroups: {} },
    };
    // 3 steps an epoch: (2 iterations × 2 epochs + 1 final epoch) × 3 = 15 of (2 × 2 + 2) × 3 = 18.
    expect(shownRun(log).progress).toEqual({
      ...NO_PROGRESS,
      iteration: 2,
      epoch: 0,
      globalStep: 15,
      totalSteps: 18,
      stepsPerEpoch: 3,
    });
    // The final ticket not begun: the last iteration's last epoch.
    expect(loggedProgress({ ...log, final: { ...log.final, epochs: [] } as RunLog["final"] })).toMatchObject({
      iteration: 1,
      epoch: 1,
      globalStep: 12,
    });
  });

  it("ticks only a clock that is running", () => {
    expect(tick({ ...NO_PROGRESS, activeMs: 50, tickAt: null }, 900, true)).toMatchObject({
      activeMs: 50,
      tickAt: 900,
    });
    expect(tick({ ...NO_PROGRESS, activeMs: 50, tickAt: 100 }, 180, false)).toMatchObject({
      activeMs: 130,
      tickAt: null,
    });
  });

  it("reads 0% with no steps to take, and rounds down", () => {
    expect(progressPercent({ ...NO_PROGRESS, totalSteps: 0, globalStep: 3 }, false)).toBe(0);
    expect(progressPercent({ ...NO_PROGRESS, totalSteps: -4, globalStep: 3 }, false)).toBe(0);
    expect(progressPercent({ ...NO_PROGRESS, totalSteps: 12, globalStep: 1 }, false)).toBe(8);
    expect(progressPercent({ ...NO_PROGRESS, totalSteps: 12, globalStep: 13 }, false)).toBe(99);
  });

  it("keeps the pace's first mark", () => {
    const marked = withPaceMark({ ...NO_PROGRESS, globalStep: 2, activeMs: 40 });
    expect(marked.paceFrom).toEqual({ globalStep: 2, activeMs: 40 });
    const later = withPaceMark({ ...marked, globalStep: 5, activeMs: 90 });
    expect(later.paceFrom).toEqual({ globalStep: 2, activeMs: 40 });
  });

  it("has no estimate without steps or time since the mark, and none left past the end", () => {
    const from = { globalStep: 2, activeMs: 40 };
    const base = { ...NO_PROGRESS, totalSteps: 10, paceFrom: from };
    expect(remainingMs({ ...base, globalStep: 2, activeMs: 90 })).toBeNull();
    expect(remainingMs({ ...base, globalStep: 4, activeMs: 40 })).toBeNull();
    expect(remainingMs({ ...base, globalStep: 4, activeMs: 60 })).toBe(60);
    expect(remainingMs({ ...base, globalStep: 12, activeMs: 60 })).toBe(0);
  });
});
