// Faults the experiment loop must survive: a diverging loss and a stop in any phase. Each
// ends the run with what was completed, leaks no tensors and leaves no timers behind.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { RunControl } from "../../src/core/control";
import { prepareDataset } from "../../src/core/data/prepare";
import { runExperiment } from "../../src/core/experiment";
import { foldRunLog } from "../../src/core/runlog";
import { NonFiniteLossError, NonFiniteWeightsError } from "../../src/core/train/epoch";
import type { ExperimentConfig, ExperimentEvent, Phase, RunLog } from "../../src/core/types";
import { tinyVit } from "./fixtures/configs";

beforeAll(async () => {
  await tf.setBackend("wasm");
});

function tinyConfig(overrides: Record<string, unknown>): ExperimentConfig {
  return tinyVit({ epochs: 1, struct: "refill", ...overrides });
}

function logOf(events: ExperimentEvent[]): RunLog | null {
  return events.reduce<RunLog | null>(foldRunLog, null);
}

/** Timers still scheduled in this process (setTimeout / setInterval). */
function pendingTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;
}

/** Starts `config` on its synthetic data, recording every event and the tensors held before. */
function startRun(config: ExperimentConfig) {
  const dataset = prepareDataset(config, {});
  const events: ExperimentEvent[] = [];
  const tensorsBefore = tf.memory().numTensors;
  const run = runExperiment(config, dataset, { onEvent: (event) => events.push(event) });
  return { run, events, tensorsBefore };
}

describe("a diverging loss", () => {
  // λmax = 1e9 with a linear schedule: from iteration 1 on, each step multiplies the weights
  // outside the structure by (1 − lr·λ), about −1e6 to −1e7; over the 8 steps of two epochs
  // they pass float32's 3e38 and the loss stops being a finite number.
  const config = tinyConfig({
    epochs: 2,
    struct: "rsst",
    optimizer: "sgd",
    momentum: 0,
    lr: 0.01,
    regGranularityPrune: 1e9,
    rstSchedule: "x",
    pruningTimes: 2,
  });

  it("stops the run at that step with an error event that says so and suggests a fix", async () => {
    const { run, events, tensorsBefore } = startRun(config);

    await expect(run).rejects.toBeInstanceOf(NonFiniteLossError);
    const errors = events.filter((event) => event.type === "error");
    expect(errors).toEqual([{ type: "error", iteration: 1, message: expect.any(String) }]);
    const message = errors[0]?.type === "error" ? errors[0].message : "";
    expect(message).toMatch(
      /training loss became (NaN|Infinity|-Infinity) at iteration 1, epoch \d+, step \d+/,
    );
    expect(message).toContain("lower the learning rate (lr)");
    expect(message).toContain("reduce regGranularityPrune");
    expect(events.at(-1)?.type).toBe("error");

    // Iteration 0 is kept whole in the log; the failed iteration 1 is not in it.
    const log = logOf(events);
    expect(log?.iterations.map((iteration) => iteration.index)).toEqual([0]);
    expect(log?.iterations[0]?.epochs).toHaveLength(config.epochs);
    expect(log?.final).toBeNull();
    expect(log?.env.error).toBe(message);
    // Every step reported before the failure had a finite loss.
    const steps = events.filter((event) => event.type === "step");
    expect(steps.every((step) => step.type === "step" && Number.isFinite(step.loss))).toBe(true);

    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

describe("weights that blow up in an epoch's last update", () => {
  // One step per epoch, and an lr of 1e39, which is Infinity in float32: the step reads a
  // finite loss from the initial weights, then its update makes them ±Infinity or NaN. No
  // later step reads a loss, so only the end-of-epoch check can see it.
  const config = tinyConfig({ trainSize: 16, batchSize: 16, momentum: 0, lr: 1e39, pruningTimes: 2 });

  it("end the run at that epoch with an error naming the weights, not an iteration of NaN", async () => {
    const { run, events, tensorsBefore } = startRun(config);

    await expect(run).rejects.toBeInstanceOf(NonFiniteWeightsError);
    expect(events.filter((event) => event.type === "step")).toEqual([
      expect.objectContaining({ type: "step", iteration: 0, loss: expect.any(Number) }),
    ]);
    const error = events.at(-1);
    expect(error).toEqual({ type: "error", iteration: 0, message: expect.any(String) });
    expect(error?.type === "error" && error.message).toMatch(
      /^The weights stopped being finite numbers in iteration 0, epoch 0, after the last step's update\. .*lower the learning rate \(lr\)/,
    );
    expect(logOf(events)?.iterations).toEqual([]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

describe("stopping a run", () => {
  const config = tinyConfig({});
  const dataset = prepareDataset(config, {});

  /** Runs `config`, calling `onPhase` with the events so far at each phase of `iteration`. */
  async function runWith(
    control: RunControl,
    iteration: number,
    onPhase: (phase: Phase, eventsSoFar: number) => void,
  ) {
    const events: ExperimentEvent[] = [];
    const log = await runExperiment(config, dataset, {
      control,
      onEvent: (event) => {
        events.push(event);
        if (event.type === "phase" && event.iteration === iteration) onPhase(event.phase, events.length);
      },
    });
    return { log, events };
  }

  // A stop keeps every iteration whose record was complete when it came: an iteration that
  // reached rewinding is whole, any earlier phase drops the iteration in progress.
  it.each<[Phase, number[]]>([
    ["training", [0]],
    ["pruning", [0]],
    ["refilling", [0]],
    ["evaluating", [0]],
    ["rewinding", [0, 1]],
  ])(
    "during %s of iteration 1 resolves with iterations %j, nothing leaked, nothing left running",
    async (phase, kept) => {
      const timersBefore = pendingTimers();
      const tensorsBefore = tf.memory().numTensors;
      const control = new RunControl();
      let eventsAtCancel = -1;
      const { log, events } = await runWith(control, 1, (current, eventsSoFar) => {
        if (current !== phase) return;
        control.cancel();
        eventsAtCancel = eventsSoFar;
      });

      expect(log.iterations.map((iteration) => iteration.index)).toEqual(kept);
      expect(log.final).toBeNull();
      expect(logOf(events)).toEqual(log);
      // After the cancel nothing more happens but the record of an iteration already complete.
      const after = events.slice(eventsAtCancel);
      expect(after.map((event) => event.type)).toEqual(phase === "rewinding" ? ["iteration"] : []);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(pendingTimers()).toBeLessThanOrEqual(timersBefore);
    },
  );

  it("while paused ends the run at once, and the next run works", async () => {
    const tensorsBefore = tf.memory().numTensors;
    const control = new RunControl();
    let stepsAtPause = -1;
    let reachedPause: () => void = () => {};
    const paused = new Promise<void>((resolve) => {
      reachedPause = resolve;
    });
    const events: ExperimentEvent[] = [];
    const run = runExperiment(config, dataset, {
      control,
      onEvent: (event) => {
        events.push(event);
        if (event.type === "step" && event.iteration === 1 && event.step === 1) {
          control.pause();
          stepsAtPause = events.length;
          reachedPause();
        }
      },
    });
    await paused;
    // Let the loop reach its checkpoint and wait there: it must not take another step.
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(events.length).toBe(stepsAtPause);
    control.cancel();
    const log = await run;
    expect(events.length).toBe(stepsAtPause);
    expect(log.iterations.map((iteration) => iteration.index)).toEqual([0]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    const next = await runExperiment(config, dataset, { onEvent: () => {} });
    expect(next.iterations).toHaveLength(config.pruningTimes);
    expect(next.final).not.toBeNull();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it("during the last rewinding keeps every iteration but does not report the run as done", async () => {
    const control = new RunControl();
    const { log, events } = await runWith(control, config.pruningTimes - 1, (phase) => {
      if (phase === "rewinding") control.cancel();
    });
    expect(log.iterations).toHaveLength(config.pruningTimes);
    expect(events.some((event) => event.type === "done")).toBe(false);
  });
});
