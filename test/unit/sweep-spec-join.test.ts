// The sweep file's reader and its base over a preset, and run logs joined into sweeps.
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config";
import { PRESETS } from "../../src/core/presets";
import { baseConfigInput, joinRunLogs, readSweepSpec } from "../../src/core/sweep";
import type { ExperimentConfig, RunLog } from "../../src/core/types";
import { bareLog } from "./sweep-fixtures";

describe("readSweepSpec", () => {
  it("names an empty axis and a sweep without axes", () => {
    const empty = readSweepSpec({ axes: { seed: [] } });
    expect(empty.ok ? [] : empty.errors).toEqual(["axes.seed: an axis needs at least one value"]);
    const none = readSweepSpec({ axes: {} });
    expect(none.ok ? [] : none.errors).toEqual(["axes: a sweep needs at least one axis"]);
  });

  it("names the whole file as 'sweep' when it is not an object, and defaults the base to {}", () => {
    const notObject = readSweepSpec([]);
    expect(notObject.ok ? [] : notObject.errors).toEqual([expect.stringMatching(/^sweep: /)]);
    expect(readSweepSpec({ axes: { seed: [1] } })).toEqual({
      ok: true,
      spec: { base: {}, axes: { seed: [1] } },
    });
  });
});

describe("baseConfigInput", () => {
  it("without a preset is a copy of the base's keys", () => {
    const base = { epochs: 2, model: { depth: 3 } };
    const result = baseConfigInput(base);
    expect(result).toEqual({ ok: true, input: { epochs: 2, model: { depth: 3 } } });
    if (result.ok) (result.input.model as { depth: number }).depth = 9;
    expect(base.model.depth).toBe(3);
  });

  it("lays the base over the preset, merging model key by key", () => {
    const preset = PRESETS["tiny-vit-synthetic"]!.config;
    const result = baseConfigInput({ preset: "tiny-vit-synthetic", epochs: 1, model: { depth: 1 } });
    expect(result.ok && result.input).toEqual({
      ...preset,
      epochs: 1,
      model: { ...(preset.model as object), depth: 1 },
    });
    const replaced = baseConfigInput({ preset: "tiny-vit-synthetic", model: "none" });
    expect(replaced.ok && replaced.input.model).toBe("none");
  });

  it("refuses an unknown or non-text preset, listing the known ones", () => {
    const known = Object.keys(PRESETS).join(", ");
    expect(baseConfigInput({ preset: "nope" })).toEqual({
      ok: false,
      error: `base.preset: unknown preset "nope"; known: ${known}`,
    });
    expect(baseConfigInput({ preset: 3 })).toEqual({
      ok: false,
      error: `base.preset: unknown preset 3; known: ${known}`,
    });
    expect(baseConfigInput({ preset: "toString" }).ok).toBe(false);
  });
});

/** A log of `config`, finished with `testAcc` (sparsity 0.5), or unfinished for null. */
function log(config: ExperimentConfig, env: Record<string, string | number>, testAcc: number | null): RunLog {
  if (testAcc === null) return bareLog(config, env, null);
  return bareLog(config, env, {
    testAcc,
    sparsity: 0.5,
    testAccCut: 0.1,
    finalTrain: "rewind",
    epochs: [],
    aliveGroups: {},
  });
}

describe("joinRunLogs", () => {
  it("counts logs without a sweep id (or an empty one) as untagged", () => {
    const { sweeps, untagged } = joinRunLogs([
      { log: log(DEFAULT_CONFIG, {}, 0.9), runId: "a" },
      { log: log(DEFAULT_CONFIG, { sweep: "" }, 0.9), runId: "b" },
    ]);
    expect(sweeps).toEqual([]);
    expect(untagged).toBe(2);
  });

  it("takes as axes the keys that differ, model keys dotted, never the backend", () => {
    const a = { ...DEFAULT_CONFIG, seed: 1, backend: "wasm" } as ExperimentConfig;
    const b = {
      ...DEFAULT_CONFIG,
      seed: 2,
      backend: "webgl",
      model: { ...DEFAULT_CONFIG.model, depth: DEFAULT_CONFIG.model.depth + 1 },
    } as ExperimentConfig;
    const { sweeps } = joinRunLogs([
      { log: log(a, { sweep: "s", sweepPoint: "p-b" }, 0.8), runId: "ra" },
      { log: log(b, { sweep: "s" }, null), runId: "rb" },
    ]);
    expect(sweeps).toHaveLength(1);
    const [sweep] = sweeps;
    expect(sweep?.axes).toEqual({
      seed: [1, 2],
      "model.depth": [DEFAULT_CONFIG.model.depth, DEFAULT_CONFIG.model.depth + 1],
    });
    // Named by env.sweepPoint, or imported-<index> without one, then sorted by name.
    expect(sweep?.points.map((p) => [p.index, p.name, p.runId, p.status])).toEqual([
      [0, "imported-1", "rb", "failed"],
      [1, "p-b", "ra", "done"],
    ]);
    expect(sweep?.points[0]).toMatchObject({
      testAcc: null,
      sparsity: null,
      error: "the run log has no final record",
    });
    expect(sweep?.points[1]).toMatchObject({ testAcc: 0.8, sparsity: 0.5, error: null, values: { seed: 1 } });
  });
});
