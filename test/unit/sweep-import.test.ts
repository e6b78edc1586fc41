// Importing several run logs at once through the page's stores (IndexedDB from fake-indexeddb):
// each good log is stored as an imported run, those with a sweep id are joined into that
// sweep, a sweep already here has its points filled in by name, and the summary counts
// what was joined, what carries no sweep id and what was refused.
import "fake-indexeddb/auto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { labStore } from "../../src/store/appStore";
import { sweepStore } from "../../src/store/sweepApp";
import { importSweepLogs } from "../../src/store/sweepImport";

const example = (() => {
  const markdown = readFileSync(new URL("../../docs/run-log.md", import.meta.url), "utf8");
  const block = /```json\n([\s\S]*?)```/.exec(markdown);
  if (!block?.[1]) throw new Error("docs/run-log.md has no ```json example");
  return JSON.parse(block[1]) as {
    config: Record<string, unknown>;
    env: Record<string, unknown>;
    final: { testAcc: number } | null;
  };
})();

/** The documented example as a point of sweep `sweep` (or untagged), with its own seed. */
function pointFile(name: string, seed: number, sweep?: string, point?: string) {
  const log = structuredClone(example);
  log.config.seed = seed;
  if (sweep) log.env.sweep = sweep;
  if (point) log.env.sweepPoint = point;
  const text = JSON.stringify(log);
  return { name, size: text.length, text: async () => text };
}

const broken = { name: "broken.json", size: 9, text: async () => "{not json" };

describe("importSweepLogs", () => {
  it("stores every good log, joins the tagged ones by sweep id, and says what it did", async () => {
    const summary = await importSweepLogs([
      pointFile("b.run.json", 2, "sw-1", "seed-2"),
      pointFile("a.run.json", 1, "sw-1", "seed-1"),
      pointFile("single.run.json", 9),
      broken,
    ]);
    expect(summary).toBe(
      "3 run logs imported, joined into 1 sweep(s); 1 carry no sweep id (env.sweep) and stay single runs; 1 refused (see the runs list).",
    );
    const runs = labStore.getState().runs;
    expect(runs.map((run) => run.name).sort()).toEqual(["a", "b", "single"]);
    expect(runs.every((run) => run.origin === "import")).toBe(true);

    const sweep = sweepStore.getState().sweeps.find((s) => s.id === "sw-1");
    expect(sweep).toMatchObject({ name: "Imported sweep sw-1", origin: "import", status: "done" });
    expect(sweep?.axes).toEqual({ seed: [2, 1] });
    // Points sorted by name, each tied to the run it was stored as.
    expect(sweep?.points.map((p) => [p.index, p.name, p.values.seed])).toEqual([
      [0, "seed-1", 1],
      [1, "seed-2", 2],
    ]);
    const runIdOf = (name: string) => runs.find((run) => run.name === name)?.id;
    expect(sweep?.points.map((p) => p.runId)).toEqual([runIdOf("a"), runIdOf("b")]);
    expect(sweep?.points[0]?.testAcc).toBe(example.final?.testAcc);
  });

  it("fills a sweep that is already here by point name, keeping its order, and appends new points", async () => {
    await importSweepLogs([
      pointFile("c.run.json", 3, "sw-2", "p-c"),
      pointFile("d.run.json", 4, "sw-2", "p-d"),
    ]);
    const before = sweepStore.getState().sweeps.find((s) => s.id === "sw-2");
    expect(before?.points.map((p) => p.name)).toEqual(["p-c", "p-d"]);

    const summary = await importSweepLogs([
      pointFile("d2.run.json", 5, "sw-2", "p-d"),
      pointFile("e.run.json", 6, "sw-2", "p-e"),
      pointFile("f.run.json", 7, "sw-2", "p-f"),
    ]);
    // Nothing refused, nothing untagged: the summary says only what was joined.
    expect(summary).toBe("3 run logs imported, joined into 1 sweep(s).");
    const after = sweepStore.getState().sweeps.find((s) => s.id === "sw-2");
    expect(after?.name).toBe("Imported sweep sw-2");
    expect(after?.points.map((p) => [p.index, p.name])).toEqual([
      [0, "p-c"],
      [1, "p-d"],
      [2, "p-e"],
      [3, "p-f"],
    ]);
    // p-d now holds the newer import's run, under the sweep's own values for that point.
    const d2 = labStore.getState().runs.find((run) => run.name === "d2");
    expect(after?.points[1]?.runId).toBe(d2?.id);
    expect(after?.points[1]?.values).toEqual(before?.points[1]?.values);
    expect(after?.points[1]?.config.seed).toBe(5);
  });

  it("with nothing good to import, says so and joins nothing", async () => {
    const sweepsBefore = sweepStore.getState().sweeps.length;
    expect(await importSweepLogs([broken])).toBe(
      "0 run logs imported, joined into 0 sweep(s); 1 refused (see the runs list).",
    );
    expect(sweepStore.getState().sweeps.length).toBe(sweepsBefore);
  });
});
