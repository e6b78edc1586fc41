// The divergence rule of docs/reliability.md: the bound, the errors it throws, and the issue's
// lr 1000 run, whose loss stays finite (1e13) and must still stop at its second step.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareDataset } from "../../src/core/data/prepare";
import { runExperiment } from "../../src/core/experiment";
import {
  checkStepLoss,
  DivergenceError,
  LossAboveBoundError,
  lossBound,
  NonFiniteLossError,
} from "../../src/core/train/divergence";
import type { ExperimentEvent } from "../../src/core/types";
import { applyEvent, startingRun } from "../../src/store/runState";
import { validConfig } from "./fixtures/configs";

beforeAll(async () => {
  await tf.setBackend("wasm");
});

const place = { iteration: 2, epoch: 1, step: 7 };

describe("lossBound", () => {
  it("is 100·ln(classes) while the first loss is small, 1000 × the first loss past that", () => {
    expect(lossBound(10, 0.1)).toBeCloseTo(100 * Math.log(10));
    expect(lossBound(10, 2.3)).toBeCloseTo(2300);
    expect(lossBound(100, 0)).toBeCloseTo(100 * Math.log(100));
  });

  it("counts fewer than two classes as two, so the bound is never 0", () => {
    expect(lossBound(1, 0)).toBeCloseTo(100 * Math.log(2));
  });
});

describe("checkStepLoss", () => {
  it("passes a loss at the bound", () => {
    expect(() => checkStepLoss(place, lossBound(10, 2), 10, 2)).not.toThrow();
  });

  it("stops a finite loss above the bound, naming where, the loss, the bound and what to change", () => {
    const stop = () => checkStepLoss(place, 2.2e13, 10, 2.3);
    expect(stop).toThrow(LossAboveBoundError);
    expect(stop).toThrow(DivergenceError);
    expect(stop).toThrow(
      /^The training loss reached 2\.20e\+13 at iteration 2, epoch 1, step 7, above the divergence bound of 2\.30e\+3\. The run diverged: lower the learning rate \(lr\), reduce regGranularityPrune, or switch the optimizer/,
    );
  });

  it.each([NaN, Infinity, -Infinity])("stops a loss of %s as not finite", (loss) => {
    const stop = () => checkStepLoss(place, loss, 10, 2.3);
    expect(stop).toThrow(NonFiniteLossError);
    expect(stop).toThrow(`The training loss became ${loss} at iteration 2, epoch 1, step 7.`);
  });
});

describe("the issue's run with lr 1000 and AdamW", () => {
  const config = validConfig({
    arch: "vit",
    dataset: "synthetic",
    trainSize: 512,
    testSize: 128,
    model: { depth: 1, embedDim: 32, numHeads: 4, patchSize: 4 },
    epochs: 1,
    pruningTimes: 2,
    lr: 1000,
    momentum: 0.9,
  });

  it("stops at the first step past the bound; the page's run shows the same message", async () => {
    const events: ExperimentEvent[] = [];
    const tensorsBefore = tf.memory().numTensors;
    const run = runExperiment(config, prepareDataset(config, {}), { onEvent: (e) => events.push(e) });
    await expect(run).rejects.toBeInstanceOf(LossAboveBoundError);

    const error = events.at(-1);
    if (error?.type !== "error") throw new Error(`the last event is ${error?.type}`);
    expect(error.message).toMatch(/^The training loss reached .* at iteration 0, epoch 0, step \d+, above/);
    expect(error.message).toContain("lower the learning rate (lr)");
    expect(events.some((event) => event.type === "epoch")).toBe(false);
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    // The store the page renders error-message from keeps the event's message word for word.
    const shown = events.reduce((state, event) => applyEvent(state, event, 0), startingRun(0));
    expect(shown.status).toBe("error");
    expect(shown.errorMessage).toBe(error.message);
  });
});
