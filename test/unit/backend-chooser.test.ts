import { describe, expect, it } from "vitest";
import type { BackendName } from "../../src/core/types";
import { chooseFastest, describeTimings, type MeasureBackend } from "../../workers/backendChooser";

/** A measure that answers from a table: a number is ms/step, a string is the failure's reason. */
function fromTable(
  table: Partial<Record<BackendName, number | string>>,
  calls: BackendName[] = [],
): MeasureBackend {
  return async (backend) => {
    calls.push(backend);
    const entry = table[backend];
    if (typeof entry === "number") return { msPerStep: entry };
    throw new Error(entry ?? "not available");
  };
}

describe("chooseFastest", () => {
  it("keeps the backend with the fewest ms per step, not the first that works", async () => {
    const result = await chooseFastest(fromTable({ wasm: 110, webgpu: 9800, webgl: 40 }));
    expect(result.backend).toBe("webgl");
    expect(result.timings.map((t) => [t.backend, t.msPerStep])).toEqual([
      ["wasm", 110],
      ["webgpu", 9800],
      ["webgl", 40],
    ]);
  });

  it("skips a failing backend and records its reason", async () => {
    const calls: BackendName[] = [];
    const result = await chooseFastest(
      fromTable({ wasm: 120, webgpu: "navigator.gpu is missing", webgl: 300 }, calls),
    );
    expect(result.backend).toBe("wasm");
    expect(result.timings[1]).toEqual({
      backend: "webgpu",
      msPerStep: null,
      reason: "navigator.gpu is missing",
    });
    expect(calls).toEqual(["wasm", "webgpu", "webgl"]);
  });

  it("times CPU only when no other backend works", async () => {
    const calls: BackendName[] = [];
    const result = await chooseFastest(
      fromTable({ wasm: "no wasm", webgpu: "no gpu", webgl: "no gl", cpu: 900 }, calls),
    );
    expect(result.backend).toBe("cpu");
    expect(calls).toEqual(["wasm", "webgpu", "webgl", "cpu"]);
  });

  it("throws, naming every reason, when nothing works", async () => {
    await expect(chooseFastest(fromTable({ wasm: "a", webgpu: "b", webgl: "c", cpu: "d" }))).rejects.toThrow(
      "No usable backend (wasm: a; webgpu: b; webgl: c; cpu: d).",
    );
  });

  it("stops timing new backends once the budget is spent", async () => {
    let clock = 0;
    const measure: MeasureBackend = async (backend) => {
      clock += 3000; // every measurement takes 3 s of the 5 s budget
      return { msPerStep: backend === "webgl" ? 1 : 100 };
    };
    const result = await chooseFastest(measure, { now: () => clock, budgetMs: 5000 });
    // wasm ends at 3 s, webgpu at 6 s; webgl (which would have won) is never timed.
    expect(result.backend).toBe("wasm");
    expect(result.timings[2]).toEqual({
      backend: "webgl",
      msPerStep: null,
      reason: "not timed: the 5 s for choosing were spent",
    });
  });
});

describe("describeTimings", () => {
  it("writes ms below a second and seconds above, with the reason first", () => {
    expect(
      describeTimings([
        { backend: "wasm", msPerStep: 104.4, reason: null },
        { backend: "webgpu", msPerStep: 9800, reason: "software adapter (SwiftShader)" },
        { backend: "webgl", msPerStep: null, reason: "no context" },
      ]),
    ).toBe("wasm: 104 ms/step; webgpu: software adapter (SwiftShader), 9.8 s/step; webgl: no context");
  });
});
