// The history slice at its edges: what the record holds at each save, that an ended run's
// record is no longer written by what the charts show next, the list merged on load, what
// opening, renaming, removing and comparing change, and the import's size cap and error list.
import { describe, expect, it } from "vitest";
import { DEFAULT_RUN_LOG_MAX_BYTES, parseRunLog } from "../../src/core/io/runlog-schema";
import type { ExperimentEvent, RunLog } from "../../src/core/types";
import { createMemoryHistoryDb } from "../../src/lib/dbMemory";
import type { HistoryDb, StoredRun } from "../../src/lib/historyRecord";
import { COMPARE_COLORS, compareSeries, heatmapKind } from "../../src/store/historyCompare";
import { INTERRUPTED_MESSAGE, nameFromFile, summarize } from "../../src/store/historySummary";
import { fakeLiveness, fakeRunner, memoryShownRun, testLab } from "./fixtures/lab";
import { CONFIG, iterationRecord, logAfter, MODEL, resumePoint, STARTED, settle } from "./store-fixtures";

function lab(db: HistoryDb = createMemoryHistoryDb(), shownRun = memoryShownRun()) {
  const worker = fakeRunner();
  const store = testLab({
    runner: worker.runner,
    db: Promise.resolve(db),
    liveness: fakeLiveness().liveness,
    shownRun,
  });
  return { db, store, lastRun: worker.lastRun };
}

const iteration = (index: number): ExperimentEvent => ({
  type: "iteration",
  record: iterationRecord(index, [
    [true, false],
    [true, true],
  ]),
});

function stored(id: string, fields: Partial<StoredRun> = {}): StoredRun {
  return {
    id,
    name: id,
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    status: "done",
    origin: "lab",
    config: CONFIG,
    log: logAfter([STARTED, iteration(0)]),
    errorMessage: null,
    savedIterations: 1,
    hasCheckpoint: false,
    ...fields,
  };
}

const file = (name: string, text: string, size = text.length) => ({ name, size, text: async () => text });

describe("recording a run, at its edges", () => {
  it("holds no saved iteration nor checkpoint at the start, and a checkpoint once one was saved", async () => {
    const { db, store, lastRun } = lab();
    expect(store.getState().historyReady).toBe(false);
    store.getState().runActions.run();
    const run = lastRun();
    run.handlers.onEvent(STARTED);
    await settle();
    const [started] = await db.listRuns();
    expect([
      started?.status,
      started?.savedIterations,
      started?.hasCheckpoint,
      started?.errorMessage,
    ]).toEqual(["running", 0, false, null]);

    const log0 = logAfter([STARTED, iteration(0)]);
    await run.handlers.onSaved?.({ point: resumePoint(log0, 1), checkpoint: null });
    expect((await db.listRuns())[0]?.hasCheckpoint).toBe(false);
    expect(await store.getState().historyActions.checkpointOf("run-1")).toBeUndefined();
    const bytes = Uint8Array.of(1, 2, 3);
    await run.handlers.onSaved?.({
      point: resumePoint(logAfter([STARTED, iteration(0), iteration(1)]), 2),
      checkpoint: bytes,
    });
    // A later save without a checkpoint keeps the one stored.
    await run.handlers.onSaved?.({
      point: resumePoint(logAfter([STARTED, iteration(0), iteration(1)]), 2),
      checkpoint: null,
    });
    const [saved] = await db.listRuns();
    expect([saved?.savedIterations, saved?.hasCheckpoint]).toEqual([2, true]);
    expect(await store.getState().historyActions.checkpointOf("run-1")).toEqual(bytes);
  });

  it("stops writing a run's record once it ended: a run opened afterwards leaves it as it was", async () => {
    const db = createMemoryHistoryDb();
    await db.putRun(stored("longer", { log: logAfter([STARTED, iteration(0), iteration(1)]) }));
    const { store, lastRun } = lab(db);
    await store.getState().historyActions.load();
    store.getState().runActions.run();
    const run = lastRun();
    run.handlers.onEvent(STARTED);
    run.handlers.onEvent(iteration(0));
    run.finish(logAfter([STARTED, iteration(0)]));
    await settle();
    expect(store.getState().liveIds).toEqual([]);
    expect(store.getState().historyActions.open("longer")).toBe(true);
    await settle();
    const ended = (await db.listRuns()).find((candidate) => candidate.id === "run-1");
    expect(ended?.log?.iterations).toHaveLength(1);
    expect(ended?.status).toBe("stopped");
  });

  it("a recording that ends takes only its own run off the live list", async () => {
    const { store } = lab();
    const recorder = store.getState().historyRecorder;
    const first = recorder.begin(CONFIG, null);
    recorder.begin(CONFIG, null);
    expect(store.getState().liveIds).toEqual(["run-1", "run-2"]);
    await first.end({ log: logAfter([STARTED]) });
    expect(store.getState().liveIds).toEqual(["run-2"]);
    // The run still recording is still stored from the log the run slice folds.
    store.setState((state) => ({ run: { ...state.run, log: logAfter([STARTED]) } }));
    await settle();
    expect(store.getState().runs.map((run) => [run.id, run.status])).toContainEqual(["run-2", "running"]);
  });

  it("ends recordings in any order: the older one after the newer", async () => {
    const { store } = lab();
    const recorder = store.getState().historyRecorder;
    const older = recorder.begin(CONFIG, null);
    const newer = recorder.begin(CONFIG, null);
    await newer.end({ log: logAfter([STARTED]) });
    await older.end({ log: logAfter([STARTED]) });
    expect(store.getState().liveIds).toEqual([]);
  });
});

describe("loading the list", () => {
  it("lists once each run this page wrote while the stored ones were read", async () => {
    const db = createMemoryHistoryDb();
    await db.putRun(stored("old"));
    const { store, lastRun } = lab(db);
    store.getState().runActions.run();
    lastRun().handlers.onEvent(STARTED);
    await settle();
    // The live run is stored already, so the list read back holds it too.
    expect((await db.listRuns()).map((run) => run.id).sort()).toEqual(["old", "run-1"]);
    await store.getState().historyActions.load();
    expect(store.getState().runs.map((run) => run.id)).toEqual(["run-1", "old"]);
    expect(store.getState().historyReady).toBe(true);
  });

  it("marks a run whose page went away interrupted, with the sentence that says so", async () => {
    const db = createMemoryHistoryDb();
    await db.putRun(stored("cut", { status: "running" }));
    const { store } = lab(db);
    await store.getState().historyActions.load();
    const [cut] = store.getState().runs;
    expect([cut?.status, cut?.errorMessage]).toEqual(["interrupted", INTERRUPTED_MESSAGE]);
    expect(INTERRUPTED_MESSAGE).toBe(
      "The page that was running it was reloaded or closed before the run ended.",
    );
  });

  it("does not reopen the run shown before the reload over one the user opened meanwhile", async () => {
    const db = createMemoryHistoryDb();
    await db.putRun(stored("before"));
    const memory = memoryShownRun();
    memory.value = "before";
    const { store } = lab(db, memory);
    // Imported before the stored runs were read: it is on screen, and stays.
    await store
      .getState()
      .historyActions.importFile(file("mine.run.json", JSON.stringify(logAfter([STARTED, iteration(0)]))));
    const mine = store.getState().shownId;
    expect(mine).not.toBeNull();
    await store.getState().historyActions.load();
    expect(store.getState().shownId).toBe(mine);
  });
});

describe("open, rename, remove and compare", () => {
  it("opens neither a run it does not know nor one without a log", async () => {
    const db = createMemoryHistoryDb();
    await db.putRun(stored("empty", { log: null }));
    const { store } = lab(db);
    await store.getState().historyActions.load();
    expect(store.getState().historyActions.open("nothing")).toBe(false);
    expect(store.getState().historyActions.open("empty")).toBe(false);
    expect(store.getState().shownId).toBeNull();
  });

  it("keeps the name when the new one is blank", async () => {
    const db = createMemoryHistoryDb();
    await db.putRun(stored("a", { name: "heads under RSST" }));
    const { store } = lab(db);
    await store.getState().historyActions.load();
    await store.getState().historyActions.rename("a", "   ");
    expect(store.getState().runs[0]?.name).toBe("heads under RSST");
    expect((await db.listRuns())[0]?.name).toBe("heads under RSST");
  });

  it("removes only the run named: the others stay listed, picked and shown", async () => {
    const db = createMemoryHistoryDb();
    await db.putRun(stored("a", { createdAt: "2025-01-01T00:00:01.000Z" }));
    await db.putRun(
      stored("b", {
        createdAt: "2025-01-01T00:00:02.000Z",
        log: logAfter([STARTED, iteration(0), iteration(1)]),
      }),
    );
    await db.putRun(stored("c", { createdAt: "2025-01-01T00:00:03.000Z" }));
    const { store } = lab(db);
    const actions = store.getState().historyActions;
    await actions.load();
    actions.toggleCompare("a");
    actions.toggleCompare("c");
    // Opening shows the run named, not the first listed.
    expect(actions.open("b")).toBe(true);
    expect(store.getState().run.log).toEqual((await db.listRuns()).find((run) => run.id === "b")?.log);
    expect(actions.open("c")).toBe(true);
    await actions.remove("a");
    expect(store.getState().runs.map((run) => run.id)).toEqual(["c", "b"]);
    expect(store.getState().compareIds).toEqual(["c"]);
    expect(store.getState().shownId).toBe("c");
    await actions.remove("c");
    expect(store.getState().shownId).toBeNull();
    expect((await db.listRuns()).map((run) => run.id)).toEqual(["b"]);
  });

  it("picks runs for comparison in the order picked, unpicks one, and clears them all", () => {
    const { store } = lab();
    const actions = store.getState().historyActions;
    expect(store.getState().compareIds).toEqual([]);
    actions.toggleCompare("b");
    actions.toggleCompare("a");
    actions.toggleCompare("c");
    expect(store.getState().compareIds).toEqual(["b", "a", "c"]);
    actions.toggleCompare("a");
    expect(store.getState().compareIds).toEqual(["b", "c"]);
    actions.clearCompare();
    expect(store.getState().compareIds).toEqual([]);
  });
});

describe("importing, at its edges", () => {
  const good = JSON.stringify(logAfter([STARTED, iteration(0)]));

  it("refuses a file over the size cap by its size, before reading it, and takes one at the cap", async () => {
    const { store } = lab();
    let read = false;
    const big = {
      name: "huge.json",
      size: DEFAULT_RUN_LOG_MAX_BYTES + 1,
      text: async () => {
        read = true;
        return good;
      },
    };
    expect(await store.getState().historyActions.importFile(big)).toBe(false);
    expect(read).toBe(false);
    expect(store.getState().importError).toBe(
      `huge.json: the file has ${DEFAULT_RUN_LOG_MAX_BYTES + 1} bytes; a run log may have at most ${DEFAULT_RUN_LOG_MAX_BYTES}.`,
    );
    expect(store.getState().runs).toEqual([]);
    expect(
      await store.getState().historyActions.importFile(file("edge.json", good, DEFAULT_RUN_LOG_MAX_BYTES)),
    ).toBe(true);
    // An imported run has no resume point nor checkpoint of its own.
    const [imported] = store.getState().runs;
    expect([imported?.origin, imported?.savedIterations, imported?.hasCheckpoint]).toEqual([
      "import",
      0,
      false,
    ]);
  });

  it("names the first six problems of a bad log and counts the rest", async () => {
    const log = logAfter([STARTED, iteration(0)]);
    const { store } = lab();
    const badIterations = (count: number) =>
      JSON.stringify({
        ...log,
        iterations: Array.from({ length: count }, (_, index) => ({
          ...log.iterations[0],
          index,
          testAccStructured: 2,
        })),
      });
    expect(await store.getState().historyActions.importFile(file("eight.json", badIterations(8)))).toBe(
      false,
    );
    const eight = store.getState().importError ?? "";
    expect(eight.startsWith("eight.json is not a valid run log: ")).toBe(true);
    const problems = eight
      .replace("eight.json is not a valid run log: ", "")
      .replace(/ \(and \d+ more\)$/, "");
    expect(problems.split("; ")).toHaveLength(6);
    expect(eight.endsWith(" (and 2 more)")).toBe(true);

    expect(await store.getState().historyActions.importFile(file("six.json", badIterations(6)))).toBe(false);
    const six = store.getState().importError ?? "";
    const sixProblems = parseRunLog(badIterations(6));
    if (sixProblems.ok) throw new Error("six bad iterations parsed");
    expect(sixProblems.errors).toHaveLength(6);
    expect(six).toBe(`six.json is not a valid run log: ${sixProblems.errors.join("; ")}`);
  });
});

describe("the history's pure rules, at their edges", () => {
  it("a list row shows the last of three iterations", () => {
    const log = logAfter([STARTED, iteration(0), iteration(1), iteration(2)]);
    // iterationRecord(2): testAccStructured 0.8 − 0.2, sparsity.overall 0.2 · 3
    const summary = summarize(stored("r", { log }));
    expect(summary.accuracy).toBeCloseTo(0.6, 12);
    expect(summary.sparsity).toBeCloseTo(0.6, 12);
  });

  it("an imported run's name drops only the trailing .run.json or .json", () => {
    const log = logAfter([STARTED]);
    expect(nameFromFile("sweep.json-backup.run.json", log)).toBe("sweep.json-backup");
    expect(nameFromFile("a.json.txt", log)).toBe("a.json.txt");
  });

  it("compares runs in the Okabe–Ito colours, the eighth run taking the first again", () => {
    expect(COMPARE_COLORS).toEqual([
      "#0072b2",
      "#d55e00",
      "#009e73",
      "#cc79a7",
      "#e69f00",
      "#56b4e9",
      "#000000",
    ]);
    const log = logAfter([STARTED]);
    const runs = Array.from({ length: 8 }, (_, i) => ({ id: `r${i}`, name: `r${i}`, log }));
    expect(compareSeries(runs).map((series) => series.color)).toEqual([...COMPARE_COLORS, COMPARE_COLORS[0]]);
  });

  it("a heatmap shows heads even when another kind of group comes first", () => {
    const log = logAfter([STARTED]);
    const mixed: RunLog = {
      ...log,
      model: {
        ...MODEL,
        groups: [{ name: "blocks.0.mlp", kind: "neuron", count: 4 }, ...MODEL.groups],
      },
    };
    expect(heatmapKind(mixed)).toBe("head");
  });
});
