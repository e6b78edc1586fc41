// The divergence errors as a user reads them: each kind by its name, each message naming
// where training stopped and what to change, and the class count the bound is scaled by.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import {
  classCount,
  DivergenceError,
  LossAboveBoundError,
  NonFiniteLossError,
  NonFiniteWeightsError,
} from "../../src/core/train/divergence";
import type { Model } from "../../src/core/types";

const PLACE = { iteration: 2, epoch: 1, step: 7 };

describe("the divergence errors", () => {
  it("a non-finite loss names the loss and the place, and is a DivergenceError", () => {
    const error = new NonFiniteLossError(PLACE, Number.NaN);
    expect(error).toBeInstanceOf(DivergenceError);
    expect(error.name).toBe("NonFiniteLossError");
    expect(error.message).toMatch(/^The training loss became NaN at iteration 2, epoch 1, step 7\. \S/);
  });

  it("a loss above the bound names both to three digits", () => {
    const error = new LossAboveBoundError(PLACE, 123.456, 69.3147);
    expect(error.name).toBe("LossAboveBoundError");
    expect(error.message).toMatch(
      /^The training loss reached 123 at iteration 2, epoch 1, step 7, above the divergence bound of 69\.3\. \S/,
    );
  });

  it("non-finite weights name the iteration and epoch", () => {
    const error = new NonFiniteWeightsError(3, 0);
    expect(error).toBeInstanceOf(DivergenceError);
    expect(error.name).toBe("NonFiniteWeightsError");
    expect(error.message).toMatch(
      /^The weights stopped being finite numbers in iteration 3, epoch 0, after the last step's update\. \S/,
    );
  });

  it("every kind ends with the same advice, and the base class is named DivergenceError", () => {
    const base = new DivergenceError("Stopped.");
    expect(base.name).toBe("DivergenceError");
    const advice = base.message.slice("Stopped. ".length);
    expect(advice.length).toBeGreaterThan(20);
    expect(new NonFiniteWeightsError(0, 0).message.endsWith(advice)).toBe(true);
    expect(new NonFiniteLossError(PLACE, Infinity).message.endsWith(advice)).toBe(true);
  });
});

describe("classCount", () => {
  const model = (params: Record<string, tf.Variable>) => ({ params }) as unknown as Model;

  it("reads the rows of the ViT's head or the ResNet's fc", () => {
    const head = tf.variable(tf.zeros([7, 3]));
    const fc = tf.variable(tf.zeros([5, 3]));
    expect(classCount(model({ "head.weight": head }))).toBe(7);
    expect(classCount(model({ "fc.weight": fc }))).toBe(5);
    tf.dispose([head, fc]);
  });

  it("refuses a model without a classifier, naming the weights it looked for", () => {
    expect(() => classCount(model({}))).toThrow(
      "the model has no classifier weight (head.weight or fc.weight)",
    );
  });
});
