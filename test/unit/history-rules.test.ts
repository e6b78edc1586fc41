// The run history's pure rules, case by case: the summary a list row shows, when a run can be
// resumed, the status and message a run's end is stored with, the names runs get, which of two
// logs is kept, the list order, and which runs were left running by a page that went away.
import { describe, expect, it } from "vitest";
import type { FinalRecord, RunLog } from "../../src/core/types";
import type { StoredRun, StoredRunStatus } from "../../src/lib/historyRecord";
import {
  byNewest,
  defaultRunName,
  endingMessage,
  endingStatus,
  fullerLog,
  importedStatus,
  isResumable,
  nameFromFile,
  orphanedRuns,
  summarize,
  upsertRun,
} from "../../src/store/historySummary";
import { CONFIG, iterationRecord, MODEL } from "./store-fixtures";

const FINAL: FinalRecord = {
  testAcc: 0.61,
  sparsity: 0.73,
  testAccCut: 0.4,
  finalTrain: "rewind",
  epochs: [],
  aliveGroups: { head: 3 },
};

function log(iterations: number, final: FinalRecord | null = null, error?: string): RunLog {
  return {
    format: "pruning-lab.run",
    version: 1,
    config: CONFIG,
    env: { backend: "wasm", startedAt: "2026-01-01T00:00:00.000Z", ...(error ? { error } : {}) },
    model: MODEL,
    iterations: Array.from({ length: iterations }, (_, i) =>
      iterationRecord(i, [
        [true, true],
        [true, false],
      ]),
    ),
    final,
  };
}

function run(fields: Partial<StoredRun> = {}): StoredRun {
  return {
    id: "r1",
    name: "a run",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    status: "interrupted",
    origin: "lab",
    config: CONFIG,
    log: null,
    errorMessage: null,
    savedIterations: 0,
    hasCheckpoint: false,
    ...fields,
  };
}

describe("summarize", () => {
  it("shows the final ticket's accuracy and sparsity once there is one", () => {
    expect(summarize(run({ log: log(2, FINAL) }))).toEqual({
      accuracy: 0.61,
      sparsity: 0.73,
      iterationsDone: 2,
      iterationsPlanned: 2,
    });
  });

  it("shows the last iteration's structured accuracy and overall sparsity before that", () => {
    // iterationRecord(1): testAccStructured 0.8 − 0.1, sparsity.overall 0.2 · 2
    const summary = summarize(run({ log: log(2) }));
    expect(summary.accuracy).toBeCloseTo(0.7, 12);
    expect(summary.sparsity).toBeCloseTo(0.4, 12);
    expect(summary.iterationsDone).toBe(2);
  });

  it("shows nothing measured for a run without a log or without iterations", () => {
    const empty = { accuracy: null, sparsity: null, iterationsDone: 0, iterationsPlanned: 2 };
    expect(summarize(run())).toEqual(empty);
    expect(summarize(run({ log: log(0) }))).toEqual(empty);
  });
});

describe("isResumable", () => {
  it("a lab run interrupted or stopped before its last iteration was saved", () => {
    expect(isResumable(run({ status: "interrupted", savedIterations: 1 }))).toBe(true);
    expect(isResumable(run({ status: "stopped", savedIterations: 0 }))).toBe(true);
  });

  it("not a run that failed, finished, still runs, was imported or saved every iteration", () => {
    for (const status of ["error", "done", "running"] as StoredRunStatus[]) {
      expect(isResumable(run({ status }))).toBe(false);
    }
    expect(isResumable(run({ origin: "import" }))).toBe(false);
    expect(isResumable(run({ savedIterations: 2 }))).toBe(false);
  });
});

describe("a run's end", () => {
  it("a log with a final record is done; without one, stopped; neither has a message", () => {
    expect(endingStatus({ log: log(2, FINAL) })).toBe("done");
    expect(endingStatus({ log: log(1) })).toBe("stopped");
    expect(endingMessage({ log: log(1) })).toBeNull();
  });

  it("an error is an error, unless the worker crashed (then the run was interrupted)", () => {
    expect(endingStatus({ error: new Error("bad config"), crashed: false })).toBe("error");
    expect(endingStatus({ error: new Error("worker died"), crashed: true })).toBe("interrupted");
    expect(endingMessage({ error: new Error("bad config"), crashed: false })).toBe("bad config");
  });

  it("an imported log is done with a final record, an error with env.error, stopped otherwise", () => {
    expect(importedStatus(log(2, FINAL))).toBe("done");
    expect(importedStatus(log(1, null, "diverged"))).toBe("error");
    expect(importedStatus(log(1))).toBe("stopped");
  });
});

describe("names", () => {
  it("a new run is named by its structure, arch and dataset", () => {
    expect(defaultRunName({ ...CONFIG, struct: "rsst", dataset: "mnist" })).toBe(
      `rsst · ${CONFIG.arch} · mnist`,
    );
  });

  it("an imported run is named after its file without .run.json or .json", () => {
    expect(nameFromFile("vit-rsst.run.json", log(0))).toBe("vit-rsst");
    expect(nameFromFile("sweep point 3.JSON", log(0))).toBe("sweep point 3");
    expect(nameFromFile("notes.run.txt", log(0))).toBe("notes.run.txt");
    expect(nameFromFile(" .run.json", log(0))).toBe(defaultRunName(CONFIG));
  });
});

describe("fullerLog", () => {
  it("keeps the log with more iterations, the incoming one on a tie, and either when one is missing", () => {
    const one = log(1);
    const two = log(2);
    const otherTwo = log(2, FINAL);
    expect(fullerLog(two, one)).toBe(two);
    expect(fullerLog(one, two)).toBe(two);
    expect(fullerLog(two, otherTwo)).toBe(otherTwo);
    expect(fullerLog(null, one)).toBe(one);
    expect(fullerLog(one, null)).toBe(one);
    expect(fullerLog(null, null)).toBeNull();
  });
});

describe("the list", () => {
  const older = run({ id: "a", createdAt: "2026-01-01T00:00:00.000Z" });
  const newer = run({ id: "b", createdAt: "2026-01-02T00:00:00.000Z" });

  it("is newest first, and byNewest leaves its input as it was", () => {
    const runs = [older, newer];
    expect(byNewest(runs).map((r) => r.id)).toEqual(["b", "a"]);
    expect(runs.map((r) => r.id)).toEqual(["a", "b"]);
  });

  it("upsertRun replaces the run with the same id, or adds it, in order", () => {
    const renamed = { ...older, name: "renamed" };
    expect(upsertRun([newer, older], renamed)).toEqual([newer, renamed]);
    const newest = run({ id: "c", createdAt: "2026-01-03T00:00:00.000Z" });
    expect(upsertRun([newer, older], newest).map((r) => r.id)).toEqual(["c", "b", "a"]);
  });
});

describe("orphanedRuns", () => {
  const running = (id: string) => run({ id, status: "running" });

  it("are the runs stored as running that neither this page nor any open page trains", () => {
    const runs = [
      running("mine"),
      running("elsewhere"),
      running("gone"),
      run({ id: "done", status: "done" }),
    ];
    const orphans = orphanedRuns(runs, new Set(["elsewhere"]), new Set(["mine"]));
    expect(orphans.map((r) => r.id)).toEqual(["gone"]);
  });

  it("when the browser cannot tell which runs are live, every other page's running run", () => {
    const orphans = orphanedRuns([running("mine"), running("other")], null, new Set(["mine"]));
    expect(orphans.map((r) => r.id)).toEqual(["other"]);
  });
});
