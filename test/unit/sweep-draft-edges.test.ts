// The form's sweep mode at its edges: the keys an axis can take, the rows it ignores, and which
// finished run times a step.
import { describe, expect, it } from "vitest";
import { resolveConfig, totalSteps } from "../../src/core/config";
import { PRESETS } from "../../src/core/presets";
import type { ExperimentConfig } from "../../src/core/types";
import { axisKeys, DEFAULT_STEP_MS, measuredStepMs, planSweep } from "../../src/store/sweepDraft";

const resolved = resolveConfig(PRESETS["tiny-vit-synthetic"]!.config);
if (!resolved.ok) throw new Error(resolved.errors.join("\n"));
const base: ExperimentConfig = resolved.config;

describe("the form's sweep mode, at its edges", () => {
  it("offers every top-level key, and the model's keys dotted, never the model itself", () => {
    const keys = axisKeys(base);
    const modelKeys = Object.keys(base.model).map((key) => `model.${key}`);
    const topKeys = Object.keys(base).filter((key) => key !== "model");
    expect(keys).toEqual(Object.keys(base).flatMap((key) => (key === "model" ? modelKeys : [key])));
    expect(keys).toHaveLength(topKeys.length + modelKeys.length);
    expect(keys).toContain("seed");
    expect(keys).toContain("model.depth");
    expect(keys).not.toContain("model");
  });

  it("ignores rows with no key or no values, and says so when none is left", () => {
    const none = planSweep(
      base,
      [
        { key: "", text: "1, 2" },
        { key: "seed", text: "   " },
      ],
      10,
    );
    expect(none).toEqual({ ok: false, errors: ["give at least one axis a value"] });
    const one = planSweep(
      base,
      [
        { key: "", text: "1, 2" },
        { key: "seed", text: "3, 4" },
        { key: "struct", text: "" },
      ],
      10,
    );
    if (!one.ok) throw new Error(one.errors.join("\n"));
    expect(one.spec.axes).toEqual({ seed: [3, 4] });
    expect(one.points.map((point) => point.config.seed)).toEqual([3, 4]);
  });

  it("times a step by the newest run that finished with iterations and time, else the default", () => {
    const timed = { iterations: [{ durationMs: 640 }] };
    // One iteration of the tiny preset: its epochs × steps per epoch, no final ticket.
    const steps = totalSteps({ ...base, pruningTimes: 1, finalTrain: "none" });
    const skipped = [
      { config: base, log: null, status: "done" },
      { config: base, log: { iterations: [] }, status: "done" },
      { config: base, log: { iterations: [{ durationMs: 0 }] }, status: "done" },
      { config: base, log: timed, status: "error" },
    ];
    expect(measuredStepMs(skipped)).toBe(DEFAULT_STEP_MS);
    expect(DEFAULT_STEP_MS).toBe(20);
    expect(measuredStepMs([...skipped, { config: base, log: timed, status: "done" }])).toBeCloseTo(
      640 / steps,
      9,
    );
  });
});
