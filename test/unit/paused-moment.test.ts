// Step mode's moment, from the run's state: the epochs of the live iteration are kept as they
// finish (and dropped when the next iteration trains), and while paused in training the
// explanation gets the record of the epoch that just finished, not an older one's.
import { describe, expect, it } from "vitest";
import type { EpochRecord, ExperimentEvent } from "../../src/core/types";
import { applyEvent, type RunState, startingRun } from "../../src/store/runState";
import { explainPhase, pausedMoment } from "../../src/store/views/phaseExplanation";
import { STARTED, step } from "./store-fixtures";

function fold(events: ExperimentEvent[]): RunState {
  return events.reduce((run, event, at) => applyEvent(run, event, at), startingRun(0));
}

const epochRecord = (epoch: number, trainLoss: number, testAcc: number): EpochRecord => ({
  epoch,
  trainLoss,
  trainAcc: 0.5,
  testAcc,
  lambda: 0,
});

const EPOCH_0: ExperimentEvent = { type: "epoch", iteration: 0, record: epochRecord(0, 0.9, 0.61) };
const EPOCH_1: ExperimentEvent = { type: "epoch", iteration: 0, record: epochRecord(1, 0.4, 0.83) };

describe("the live iteration's epochs", () => {
  it("are kept as they finish and dropped when the next iteration trains", () => {
    const training = fold([
      STARTED,
      { type: "phase", iteration: 0, phase: "training" },
      step(0, 0, 2),
      EPOCH_0,
    ]);
    expect(training.liveEpochs).toEqual([EPOCH_0.record]);
    const both = fold([STARTED, step(0, 0, 2), EPOCH_0, step(0, 1, 2), EPOCH_1]);
    expect(both.liveEpochs.map((e) => e.epoch)).toEqual([0, 1]);
    const next = applyEvent(both, { type: "phase", iteration: 1, phase: "training" }, 9);
    expect(next.liveEpochs).toEqual([]);
    // A phase of the same iteration keeps them.
    expect(applyEvent(both, { type: "phase", iteration: 0, phase: "pruning" }, 9).liveEpochs).toHaveLength(2);
    // A new run starts with none.
    expect(applyEvent(both, STARTED, 9).liveEpochs).toEqual([]);
  });
});

describe("pausedMoment", () => {
  it("is null before the first phase", () => {
    expect(pausedMoment(startingRun(0))).toBeNull();
  });

  it("in training, carries the record of the epoch the last step belonged to", () => {
    const afterFirst = fold([
      STARTED,
      { type: "phase", iteration: 0, phase: "training" },
      step(0, 0, 2),
      EPOCH_0,
    ]);
    expect(pausedMoment(afterFirst)).toEqual({
      phase: "training",
      iteration: 0,
      epoch: EPOCH_0.record,
      epochIndex: 0,
    });
    // Paused in the middle of the second epoch: the first epoch's record is not this one's.
    const midSecond = applyEvent(afterFirst, step(0, 1, 0), 9);
    expect(pausedMoment(midSecond)).toEqual({ phase: "training", iteration: 0, epoch: null, epochIndex: 1 });
    // And once the second has finished, its own.
    expect(pausedMoment(applyEvent(midSecond, EPOCH_1, 10))?.epoch).toEqual(EPOCH_1.record);
  });

  it("gives the explanation the epoch's loss and test accuracy", () => {
    const run = fold([STARTED, { type: "phase", iteration: 0, phase: "training" }, step(0, 0, 2), EPOCH_0]);
    const moment = pausedMoment(run);
    if (!run.log || !moment) throw new Error("a started run in training has a log and a moment");
    // The fixture's model has 100 prunable weights; 2 epochs; DEFAULT_CONFIG's training size.
    expect(explainPhase(run.log, moment).text).toBe(
      `Training epoch 1 of 2 updated the 100 unpruned weights on ${run.log.config.trainSize.toLocaleString("en-US")} digits: train loss 0.900, test accuracy 61.0%. The pruned weights stay at zero.`,
    );
  });

  it("in the final ticket's training, carries its last finished epoch; other phases none", () => {
    const finalEpoch: ExperimentEvent = { type: "final-epoch", record: epochRecord(0, 0.3, 0.9) };
    const finalizing = fold([
      STARTED,
      EPOCH_0,
      { type: "phase", iteration: 1, phase: "finalizing" },
      finalEpoch,
    ]);
    expect(pausedMoment(finalizing)?.epoch).toEqual(finalEpoch.record);
    const pruning = fold([
      STARTED,
      step(0, 0, 2),
      EPOCH_0,
      { type: "phase", iteration: 0, phase: "pruning" },
    ]);
    expect(pausedMoment(pruning)).toEqual({ phase: "pruning", iteration: 0, epoch: null, epochIndex: 0 });
  });
});
