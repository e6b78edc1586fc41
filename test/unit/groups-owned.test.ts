// What cut groups own besides prunable weights (ownedMask), which groups are alive, and the
// refusal of a slice past its parameter's shape, on a 4×3 weight and its 4 biases by hand.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { aliveGroups, groupIndicator, ownedMask } from "../../src/core/groups";
import type { GroupSet } from "../../src/core/types";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const PARAMS = { w: { shape: [4, 3] }, b: { shape: [4] } };
// Two neurons of two rows of w each; each owns its two biases.
const PAIRS: GroupSet = {
  name: "pairs",
  kind: "neuron",
  count: 2,
  width: 2,
  slices: [{ param: "w", axis: 0, offset: 0 }],
  owned: [{ param: "b", axis: 0, offset: 0 }],
};
// Two one-row neurons from row 2 on, owning the biases 2 and 3 as well.
const SINGLES: GroupSet = {
  name: "singles",
  kind: "neuron",
  count: 2,
  width: 1,
  slices: [{ param: "w", axis: 0, offset: 2 }],
  owned: [{ param: "b", axis: 0, offset: 2 }],
};
const UNOWNED: GroupSet = { ...PAIRS, name: "unowned", owned: undefined };

function read(masks: Record<string, tf.Tensor>): Record<string, number[]> {
  const values = Object.fromEntries(
    Object.entries(masks).map(([name, t]) => [name, Array.from(t.dataSync())]),
  );
  tf.dispose(Object.values(masks));
  return values;
}

describe("ownedMask", () => {
  it("zeroes what the dead groups own, over every set that owns a parameter", () => {
    // pairs' group 0 owns biases 0 and 1; singles' group 1 owns bias 3.
    const alive = { pairs: [false, true], singles: [true, false], unowned: [false, false] };
    expect(read(ownedMask(PARAMS, [PAIRS, SINGLES, UNOWNED], alive))).toEqual({ b: [0, 0, 1, 0] });
  });

  it("writes an all-ones mask when every group lives, and skips a set not in alive", () => {
    expect(read(ownedMask(PARAMS, [PAIRS], { pairs: [true, true] }))).toEqual({ b: [1, 1, 1, 1] });
    expect(read(ownedMask(PARAMS, [PAIRS], {}))).toEqual({});
  });
});

describe("aliveGroups", () => {
  it("calls a group alive when it keeps any entry", () => {
    const masks = { w: tf.tensor2d([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0], [4, 3]) };
    expect(aliveGroups(masks, [PAIRS, SINGLES])).toEqual({ pairs: [false, true], singles: [true, false] });
    tf.dispose(masks.w);
  });
});

describe("groupIndicator", () => {
  it("refuses a slice that ends past its axis, or an axis the parameter lacks", () => {
    expect(() => groupIndicator(PARAMS, { ...PAIRS, count: 3 }, [true, true, true])).toThrow(
      'group set "pairs": slice of "w" along axis 0 ends at 6, beyond shape [4, 3]',
    );
    const axis2: GroupSet = { ...PAIRS, slices: [{ param: "w", axis: 2, offset: 0 }] };
    expect(() => groupIndicator(PARAMS, axis2, [true, true])).toThrow(
      'group set "pairs": slice of "w" along axis 2 ends at 4, beyond shape [4, 3]',
    );
  });

  it("covers a parameter sliced on two axes by one set with the union of both slices", () => {
    // A 3×3 weight whose row g and column g both belong to group g: selecting group 1 alone
    // covers row 1 and column 1, the maximum of the two axes' indicators.
    const square: GroupSet = {
      name: "square",
      kind: "channel",
      count: 3,
      width: 1,
      slices: [
        { param: "w", axis: 0, offset: 0 },
        { param: "w", axis: 1, offset: 0 },
      ],
    };
    const indicator = groupIndicator({ w: { shape: [3, 3] } }, square, [false, true, false]);
    expect(read(indicator)).toEqual({ w: [0, 1, 0, 1, 1, 1, 0, 1, 0] });
  });
});
