// The learning-rate schedule at its edges: a warm-up longer than the iteration, a blank
// schedule, a milestone list, and the config keys the schedule is read from.
import { describe, expect, it } from "vitest";
import { learningRate, lrScheduleOf } from "../../src/core/train/lrSchedule";

describe("lrScheduleOf", () => {
  it("reads lr, warmup (in epochs), decreasingLr and epochs from the config", () => {
    expect(lrScheduleOf({ lr: 0.3, warmup: 2, decreasingLr: "91,136", epochs: 5 }, 7)).toEqual({
      lr: 0.3,
      warmupEpochs: 2,
      decreasingLr: "91,136",
      epochs: 5,
      stepsPerEpoch: 7,
    });
  });
});

describe("learningRate at the edges", () => {
  it("caps the warm-up at the iteration's length: 5 warm-up epochs of 2 warm up over 2 epochs' steps", () => {
    const schedule = { lr: 1, warmupEpochs: 5, decreasingLr: "cosine", epochs: 2, stepsPerEpoch: 2 };
    // 4 warm-up steps: 1/4, 2/4, 3/4, 4/4
    expect([0, 1, 2, 3].map((step) => learningRate(schedule, step))).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it("reads a blank schedule as constant, like none", () => {
    const base = { lr: 0.2, warmupEpochs: 0, epochs: 3, stepsPerEpoch: 2 };
    expect(learningRate({ ...base, decreasingLr: "  " }, 5)).toBe(0.2);
    expect(learningRate({ ...base, decreasingLr: "none" }, 5)).toBe(0.2);
  });

  it("follows the cosine over the steps after warm-up, never below 0 at the last step", () => {
    const schedule = { lr: 2, warmupEpochs: 1, decreasingLr: "cosine", epochs: 3, stepsPerEpoch: 2 };
    // warm-up: steps 0, 1; then 4 steps: progress 0, 1/4, 2/4, 3/4
    expect(learningRate(schedule, 1)).toBe(2);
    expect(learningRate(schedule, 3)).toBeCloseTo(1 + Math.cos(Math.PI / 4), 12);
    expect(learningRate(schedule, 5)).toBeCloseTo(1 + Math.cos((3 * Math.PI) / 4), 12);
    // past the end (as a resumed step count could be), the progress stays at 1: lr 0
    expect(learningRate(schedule, 9)).toBeCloseTo(0, 12);
  });

  it("counts the milestones an epoch has reached, by the epoch of the step", () => {
    const schedule = { lr: 1, warmupEpochs: 0, decreasingLr: "2, 4", epochs: 6, stepsPerEpoch: 3 };
    // epoch = floor(step / 3)
    expect(learningRate(schedule, 5)).toBe(1); // epoch 1
    expect(learningRate(schedule, 6)).toBeCloseTo(0.1, 12); // epoch 2
    expect(learningRate(schedule, 11)).toBeCloseTo(0.1, 12); // epoch 3
    expect(learningRate(schedule, 12)).toBeCloseTo(0.01, 12); // epoch 4
  });
});
