import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseRunLog } from "../../src/core/io/runlog-schema";
import { utf8ByteLength } from "../../src/core/io/safe-json";
import type { RunLog } from "../../src/core/types";

/** The minimal example of docs/run-log.md, so that the documentation cannot drift from the reader. */
const documentedExample = (() => {
  const markdown = readFileSync(new URL("../../docs/run-log.md", import.meta.url), "utf8");
  const block = /```json\n([\s\S]*?)```/.exec(markdown);
  if (!block?.[1]) throw new Error("docs/run-log.md has no ```json example");
  return block[1];
})();

const example: unknown = JSON.parse(documentedExample);
type Path = (string | number)[];
type Container = Record<string | number, unknown>;

/** A copy of `base` with the value at each path replaced (or deleted, for undefined). */
function edited(base: unknown, changes: [Path, unknown][]): unknown {
  const copy = structuredClone(base);
  for (const [path, value] of changes) {
    let target = copy as Container;
    for (const key of path.slice(0, -1)) target = target[key] as Container;
    const last = path[path.length - 1]!;
    if (value === undefined) delete target[last];
    else target[last] = value;
  }
  return copy;
}

function errorsOf(log: unknown): string[] {
  const result = parseRunLog(typeof log === "string" ? log : JSON.stringify(log));
  if (result.ok) throw new Error("expected the run log to be rejected");
  return result.errors;
}

describe("parseRunLog on valid logs", () => {
  it("accepts the example of docs/run-log.md and keeps its values", () => {
    const result = parseRunLog(documentedExample);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const { log } = result;
    expect(log.config.arch).toBe("vit");
    expect(log.config.struct).toBe("refill");
    expect(log.env).toEqual({ backend: "cuda", startedAt: "2025-01-31T09:30:00Z", torchVersion: "2.5.1" });
    expect(log.model.groups.map((g) => g.count)).toEqual([2, 4]);
    expect(log.iterations[0]?.groups["blocks.0.attn"]?.alive).toEqual([true, false]);
    expect(log.final?.aliveGroups).toEqual({ head: 1, neuron: 4 });
  });

  it("round-trips a log built from the types", () => {
    const log: RunLog = {
      format: "pruning-lab.run",
      version: 1,
      config: {
        ...(example as { config: RunLog["config"] }).config,
        arch: "resnet",
        model: { depth: 8, width: 4 },
      },
      env: { backend: "wasm", startedAt: "2025-02-01T00:00:00.000Z", threads: 1, simd: true },
      model: {
        arch: "resnet",
        prunableParams: 100,
        groups: [{ name: "layer1.0.conv1", kind: "channel", count: 3 }],
      },
      iterations: [
        {
          index: 0,
          epochs: [
            { epoch: 0, trainLoss: 2.3, trainAcc: 0.1, testAcc: 0.12, lambda: 0 },
            { epoch: 1, trainLoss: 0, trainAcc: 1, testAcc: 0, lambda: 0.25 },
          ],
          sparsity: { overall: 0.2, layers: { "layer1.0.conv1.weight": 0.2 } },
          trainedSparsity: 0,
          structuredSparsity: 0.33,
          testAccUnstructured: 0.5,
          testAccStructured: 0.25,
          groups: {
            "layer1.0.conv1": {
              kind: "channel",
              importance: [-1, 0, 3.5],
              alive: [true, true, false],
              density: [1, 0.5, 0],
            },
          },
          durationMs: 0,
        },
      ],
      final: null,
    };
    expect(parseRunLog(JSON.stringify(log))).toEqual({ ok: true, log });
  });

  it("keeps extra config keys and drops unknown keys elsewhere", () => {
    const log = edited(example, [
      [["config", "futureOption"], "on"],
      [["iterations", 0, "note"], "ignored"],
    ]);
    const result = parseRunLog(JSON.stringify(log));
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(result.log.config).toHaveProperty("futureOption", "on");
    expect(result.log.iterations[0]).not.toHaveProperty("note");
  });
});

describe("parseRunLog error messages", () => {
  it("names a fraction out of range by its path", () => {
    const iteration = (example as { iterations: Container[] }).iterations[0];
    const log = edited(example, [
      [["iterations", 1], { ...iteration, index: 1 }],
      [["iterations", 2], { ...iteration, index: 2, sparsity: { overall: 1.7, layers: {} } }],
    ]);
    expect(errorsOf(log)).toEqual(["iterations[2].sparsity.overall: expected a number in [0, 1], got 1.7"]);
  });

  it("reports every structural problem at once, with quoted keys where needed", () => {
    const log = edited(example, [
      [["config", "model", "depth"], "1"],
      [["env", "gpu"], { name: "x" }],
      [["iterations", 0, "epochs", 0, "trainAcc"], "0.6"],
      [["iterations", 0, "sparsity", "layers", "blocks.0.attn.qkv.weight"], -0.1],
      [["iterations", 0, "groups", "blocks.0.attn", "alive", 1], 0],
      [["iterations", 0, "durationMs"], undefined],
      [["final", "aliveGroups", "layer"], 2],
    ]);
    expect(errorsOf(log)).toEqual([
      'config.model.depth: expected a number, got "1"',
      "env.gpu: expected a string, number or boolean, got an object",
      'iterations[0].epochs[0].trainAcc: expected a number in [0, 1], got "0.6"',
      'iterations[0].sparsity.layers["blocks.0.attn.qkv.weight"]: expected a number in [0, 1], got -0.1',
      'iterations[0].groups["blocks.0.attn"].alive[1]: expected true or false, got 0',
      "iterations[0].durationMs: missing, expected a number ≥ 0",
      'final.aliveGroups: unexpected key "layer"',
    ]);
  });

  it("requires per-group lists of the declared count and kind", () => {
    const log = edited(example, [
      [
        ["iterations", 0, "groups", "blocks.0.attn", "density"],
        [0.7, 0.3, 0.1],
      ],
      [
        ["iterations", 0, "groups", "blocks.0.mlp"],
        { kind: "head", importance: [1, 2, 3, 4], alive: [], density: [] },
      ],
      [
        ["iterations", 0, "groups", "blocks.1.attn"],
        { kind: "head", importance: [], alive: [], density: [] },
      ],
    ]);
    expect(errorsOf(log)).toEqual([
      `iterations[0].groups["blocks.0.attn"].density: expected 2 entries (the group's count in model.groups), got 3`,
      'iterations[0].groups["blocks.0.mlp"].kind: expected "neuron" as in model.groups, got "head"',
      `iterations[0].groups["blocks.0.mlp"].alive: expected 4 entries (the group's count in model.groups), got 0`,
      `iterations[0].groups["blocks.0.mlp"].density: expected 4 entries (the group's count in model.groups), got 0`,
      'iterations[0].groups["blocks.1.attn"]: not declared in model.groups',
    ]);
  });

  it("requires unique group names and iterations in order", () => {
    const log = edited(example, [
      [["model", "groups", 2], { name: "blocks.0.mlp", kind: "neuron", count: 4 }],
      [["iterations", 0, "index"], 1],
    ]);
    expect(errorsOf(log)).toEqual([
      'model.groups[2].name: "blocks.0.mlp" is declared twice',
      "iterations[0].index: expected 0 (its position in the list), got 1",
    ]);
  });

  it("says once that a file is not a run log of this version", () => {
    expect(errorsOf("[1, 2]")).toEqual(["run log: expected a JSON object, got a list of 2"]);
    expect(errorsOf(edited(example, [[["format"], "other.run"]]))).toEqual([
      'format: expected "pruning-lab.run", got "other.run" (not a Pruning Lab run log)',
    ]);
    expect(errorsOf(edited(example, [[["version"], 2]]))).toEqual([
      "version: expected 1, got 2 (this build reads version 1)",
    ]);
    expect(errorsOf("{ not json")[0]).toMatch(/^run log: not valid JSON \(/);
  });

  it("caps the list of errors", () => {
    const badEpochs = Array.from({ length: 30 }, (_, epoch) => ({
      epoch,
      trainLoss: -1,
      trainAcc: 0,
      testAcc: 0,
      lambda: 0,
    }));
    const log = edited(example, [[["iterations", 0, "epochs"], badEpochs]]);
    const errors = errorsOf(log);
    expect(errors).toHaveLength(21);
    expect(errors[20]).toBe("… and 10 more problems");
  });
});

describe("parseRunLog safety", () => {
  it("checks the size limit in UTF-8 bytes before parsing", () => {
    // Not JSON at all: the size message wins, so JSON.parse never ran. "é" is 2 bytes in UTF-8.
    expect(utf8ByteLength("é€😀")).toBe(2 + 3 + 4);
    expect(errorsOf("é".repeat(600))).toHaveLength(1);
    expect(parseRunLog("é".repeat(600), { maxBytes: 1000 })).toEqual({
      ok: false,
      errors: ["run log: 1,200 bytes is over the 1,000-byte limit"],
    });
    expect(parseRunLog(documentedExample, { maxBytes: documentedExample.length }).ok).toBe(true);
  });

  it.each([
    ["__proto__", '"config": {"__proto__": {"polluted": true}}', "config.__proto__"],
    ["constructor", '"env": {"constructor": {"prototype": {"polluted": true}}}', "env.constructor"],
    ["prototype", '"iterations": [{"groups": {"x": {"prototype": 1}}}]', "iterations[0].groups.x.prototype"],
  ])("rejects a %s key anywhere", (_, member, path) => {
    const text = `{"format": "pruning-lab.run", "version": 1, ${member}}`;
    expect(errorsOf(text)).toEqual([`run log: ${path}: this key is not allowed`]);
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});

describe("parseRunLog on logs of earlier builds", () => {
  it("derives trainedSparsity from the previous iteration and reads final as the untrained cut", () => {
    const iteration = (index: number, overall: number) => ({
      index,
      epochs: [],
      sparsity: { overall, layers: {} },
      structuredSparsity: overall,
      testAccUnstructured: 0.9,
      testAccStructured: 0.8,
      groups: {},
      durationMs: 1,
    });
    const old = {
      format: "pruning-lab.run",
      version: 1,
      config: { arch: "vit", struct: "imp", dataset: "mnist", model: { depth: 1 } },
      env: { backend: "wasm", startedAt: "2026-01-01T00:00:00Z" },
      model: { arch: "vit", prunableParams: 10, groups: [] },
      iterations: [iteration(0, 0.2), iteration(1, 0.36)],
      final: { testAcc: 0.7, sparsity: 0.36, aliveGroups: {} },
    };
    const parsed = parseRunLog(JSON.stringify(old));
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    expect(parsed.log.iterations.map((it) => it.trainedSparsity)).toEqual([0, 0.2]);
    expect(parsed.log.final).toEqual({
      testAcc: 0.7,
      sparsity: 0.36,
      testAccCut: 0.7,
      finalTrain: "none",
      epochs: [],
      aliveGroups: {},
    });
  });
});
