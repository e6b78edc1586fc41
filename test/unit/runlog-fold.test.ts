// foldRunLog case by case: what each event changes in the log, and that events before
// "started" or without a log entry leave it as it was.
import { describe, expect, it } from "vitest";
import { foldRunLog } from "../../src/core/runlog";
import type { FinalRecord, RunLog } from "../../src/core/types";
import { iterationRecord, STARTED, step } from "./store-fixtures";

const FINAL: FinalRecord = {
  testAcc: 0.71,
  sparsity: 0.64,
  testAccCut: 0.33,
  finalTrain: "rewind",
  epochs: [],
  aliveGroups: { head: 3 },
};

const started = (): RunLog => foldRunLog(null, STARTED) as RunLog;

describe("foldRunLog", () => {
  it("starts a log of the pinned format from the started event", () => {
    const log = started();
    expect(log.format).toBe("pruning-lab.run");
    expect(log.version).toBe(1);
    expect(log.iterations).toEqual([]);
    expect(log.final).toBeNull();
    expect(log.env).toEqual({ backend: "wasm", startedAt: "2024-01-01T00:00:00.000Z" });
  });

  it("appends iterations in order and drops the old copy of a re-sent one, the new copy last", () => {
    const first = iterationRecord(0, [
      [true, true],
      [true, true],
    ]);
    const second = iterationRecord(1, [
      [true, false],
      [true, true],
    ]);
    const resent = { ...first, testAccStructured: 0.123 };
    const log = [first, second, resent].reduce<RunLog | null>(
      (acc, record) => foldRunLog(acc, { type: "iteration", record }),
      started(),
    );
    expect(log?.iterations.map((it) => [it.index, it.testAccStructured])).toEqual([
      [1, second.testAccStructured],
      [0, 0.123],
    ]);
  });

  it("records the final ticket on done and the message on error, keeping the env", () => {
    const done = foldRunLog(started(), { type: "done", final: FINAL });
    expect(done?.final).toEqual(FINAL);
    const failed = foldRunLog(done, { type: "error", message: "out of memory", iteration: 1 });
    expect(failed?.env).toEqual({
      backend: "wasm",
      startedAt: "2024-01-01T00:00:00.000Z",
      error: "out of memory",
    });
    expect(failed?.final).toEqual(FINAL);
  });

  it("has no log to change before started", () => {
    const record = iterationRecord(0, [
      [true, true],
      [true, true],
    ]);
    expect(foldRunLog(null, { type: "iteration", record })).toBeNull();
    expect(foldRunLog(null, { type: "done", final: FINAL })).toBeNull();
    expect(foldRunLog(null, { type: "error", message: "boom", iteration: null })).toBeNull();
  });

  it("returns the same log for events it does not record", () => {
    const log = started();
    expect(foldRunLog(log, step(0, 0, 0))).toBe(log);
    expect(foldRunLog(log, { type: "phase", iteration: 0, phase: "training" })).toBe(log);
  });
});
