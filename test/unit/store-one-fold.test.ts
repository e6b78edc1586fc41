// One fold: the worker's events are folded into the run log once, in the run slice, and the
// history stores that fold. A second fold (the history folding the events again) would double
// the reducer's calls below.
import { describe, expect, it, vi } from "vitest";
import { foldRunLog } from "../../src/core/runlog";
import type { ExperimentEvent, RunLog } from "../../src/core/types";
import { createMemoryHistoryDb } from "../../src/lib/dbMemory";
import { fakeRunner, testLab } from "./fixtures/lab";
import { iterationRecord, STARTED, step } from "./store-fixtures";

vi.mock("../../src/core/runlog", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/core/runlog")>();
  return { ...actual, foldRunLog: vi.fn(actual.foldRunLog) };
});

const EVENTS: ExperimentEvent[] = [
  STARTED,
  { type: "phase", iteration: 0, phase: "training" },
  step(0, 0, 0, 2.5),
  step(0, 0, 1, 2.25),
  {
    type: "iteration",
    record: iterationRecord(0, [
      [true, false],
      [true, true],
    ]),
  },
  step(1, 0, 0, 1.75),
  { type: "error", message: "loss diverged", iteration: 1 },
];

/** Lets the queued storage writes (memory: microtasks) and settled promises run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe("one fold of a run's events", () => {
  it("calls the reducer once per event, and stores and shows the same log", async () => {
    const expected = EVENTS.reduce<RunLog | null>(foldRunLog, null);
    const db = createMemoryHistoryDb();
    const worker = fakeRunner();
    const store = testLab({ runner: worker.runner, db: Promise.resolve(db) });
    store.getState().runActions.run();
    const run = worker.lastRun();

    vi.mocked(foldRunLog).mockClear();
    for (const event of EVENTS) run.handlers.onEvent(event);
    expect(vi.mocked(foldRunLog)).toHaveBeenCalledTimes(EVENTS.length);

    const shown = store.getState().run;
    expect(shown.log).toEqual(expected);
    expect(shown.live.map((point) => point.loss)).toEqual([1.75]);
    expect(shown.errorMessage).toBe("loss diverged");
    await settle();
    // Stored after the iteration: the log up to it (the error event came later).
    const [during] = await db.listRuns();
    expect(during?.log?.iterations).toEqual(expected?.iterations);

    run.fail(new Error("loss diverged"));
    await settle();
    const [ended] = await db.listRuns();
    expect(ended?.status).toBe("error");
    // The runner gave no log: the stored one is the run slice's fold, error included.
    expect(ended?.log).toEqual(expected);
    expect(ended?.log).toEqual(store.getState().run.log);
    expect(vi.mocked(foldRunLog)).toHaveBeenCalledTimes(EVENTS.length);
  });
});
