// The initializers by their distributions (each bound and std worked out from the formula, with a
// sample large enough that a wrong term is far outside the tolerance), their seeds, and the
// parameter record: a name registered once, its initial tensor consumed, sizes counted.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { kaimingNormalConv, torchDefaultUniform, truncatedNormal } from "../../src/core/models/init";
import { addVariable, countEntries, type ParamRecord, requireParam } from "../../src/core/models/params";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function stats(t: tf.Tensor): { mean: number; std: number; min: number; max: number } {
  const values = Array.from(t.dataSync());
  t.dispose();
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values) };
}

describe("kaimingNormalConv", () => {
  it("draws N(0, 2 / (out·kh·kw)) over an HWIO shape: fan-out, not fan-in", () => {
    // 3×3 from 16 to 64 channels: std = √(2 / (64·9)) = 0.058926; fan-in would give 0.11785.
    const { mean, std } = stats(kaimingNormalConv([3, 3, 16, 64], 7));
    expect(std).toBeGreaterThan(0.058926 * 0.97);
    expect(std).toBeLessThan(0.058926 * 1.03);
    expect(Math.abs(mean)).toBeLessThan(0.003);
  });

  it("uses both kernel sides: a 1×3 kernel has std √(2 / (out·3))", () => {
    // 1×3 from 8 to 512: std = √(2 / 1536) = 0.036084 (a 3×3 would give 0.020833).
    const { std } = stats(kaimingNormalConv([1, 3, 8, 512], 3));
    expect(std).toBeGreaterThan(0.036084 * 0.97);
    expect(std).toBeLessThan(0.036084 * 1.03);
  });

  it("is fixed by its seed", () => {
    const a = kaimingNormalConv([1, 1, 2, 2], 5);
    const b = kaimingNormalConv([1, 1, 2, 2], 5);
    const c = kaimingNormalConv([1, 1, 2, 2], 6);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    tf.dispose([a, b, c]);
  });
});

describe("torchDefaultUniform", () => {
  it("draws U(−1/√fanIn, 1/√fanIn) and reaches near both ends", () => {
    // fanIn 25: bound 0.2.
    const { min, max, mean } = stats(torchDefaultUniform([100, 100], 25, 11));
    expect(min).toBeGreaterThanOrEqual(-0.2);
    expect(max).toBeLessThanOrEqual(0.2);
    expect(min).toBeLessThan(-0.199);
    expect(max).toBeGreaterThan(0.199);
    expect(Math.abs(mean)).toBeLessThan(0.005);
  });
});

describe("truncatedNormal", () => {
  it("draws N(0, std) cut at 2 std: every value within, and the std of the cut normal", () => {
    // A normal truncated at ±2σ has std σ·0.87962.
    const { min, max, std } = stats(truncatedNormal([100, 100], 0.02, 4));
    expect(min).toBeGreaterThanOrEqual(-0.04);
    expect(max).toBeLessThanOrEqual(0.04);
    expect(std).toBeGreaterThan(0.02 * 0.87962 * 0.97);
    expect(std).toBeLessThan(0.02 * 0.87962 * 1.03);
  });
});

describe("the parameter record", () => {
  it("registers a variable once, consumes its initial tensor and keeps it trainable or not", () => {
    const record: ParamRecord = {};
    const init = tf.tensor1d([1, 2, 3]);
    addVariable(record, "w", init, true);
    addVariable(record, "buffer", tf.zeros([2, 2]), false);
    expect(init.isDisposed).toBe(true);
    expect(Array.from(record.w!.dataSync())).toEqual([1, 2, 3]);
    expect([record.w!.trainable, record.buffer!.trainable]).toEqual([true, false]);
    const again = tf.zeros([1]);
    expect(() => addVariable(record, "w", again, true)).toThrow("duplicate parameter name w");
    again.dispose();
    expect(countEntries(record)).toBe(7);
    expect(countEntries({})).toBe(0);
    expect(requireParam(record, "buffer")).toBe(record.buffer);
    expect(() => requireParam(record, "bias")).toThrow("unknown parameter bias");
    tf.dispose(Object.values(record));
  });
});
