// Worker faults (issue 7): a lost WebGPU device ends the run with an error that names it; a run
// whose worker crashed is kept as interrupted and resumes, on another backend when asked.
import { describe, expect, it, vi } from "vitest";
import { RunControl } from "../../src/core/control";
import type { ResumePoint } from "../../src/core/resume";
import { foldRunLog } from "../../src/core/runlog";
import type { ExperimentConfig, RunLog } from "../../src/core/types";
import { createMemoryHistoryDb } from "../../src/lib/dbMemory";
import { type ExperimentRunner, type RunOptions, WorkerCrashedError } from "../../src/lib/workerClient";
import { DeviceLostError, isDeviceLost, unlessDeviceLost } from "../../workers/deviceLoss";
import { testLab } from "./fixtures/lab";
import { CONFIG, iterationRecord, STARTED } from "./store-fixtures";

interface LostInfo {
  reason: string;
  message: string;
}

/** A stand-in for tfjs's WebGPU backend: only its device's `lost` promise matters here. */
function webGpuBackend() {
  let lose: (info: LostInfo) => void = () => {};
  const lost = new Promise<LostInfo>((resolve) => {
    lose = resolve;
  });
  return { backend: { device: { lost } }, lose };
}

const NEVER = new Promise<never>(() => {});

describe("a lost WebGPU device", () => {
  it("changes nothing on a backend without a device", async () => {
    await expect(unlessDeviceLost({}, new RunControl(), Promise.resolve(7))).resolves.toBe(7);
    const failure = new Error("NaN loss");
    await expect(unlessDeviceLost({}, new RunControl(), Promise.reject(failure))).rejects.toBe(failure);
  });

  it("ends a run in progress with the loss's reason and message, and cancels the run", async () => {
    const { backend, lose } = webGpuBackend();
    const control = new RunControl();
    const run = unlessDeviceLost(backend, control, NEVER);
    lose({ reason: "destroyed", message: "Device was destroyed." });
    await expect(run).rejects.toMatchObject({
      name: "DeviceLostError",
      message: "The WebGPU device was lost (destroyed): Device was destroyed.",
    });
    expect(control.state).toBe("cancelled");
  });

  it("names the loss when a GPU call failed before the loss was announced", async () => {
    const { backend, lose } = webGpuBackend();
    const unmapped = new DOMException("Buffer was unmapped before mapping was resolved.", "AbortError");
    const run = unlessDeviceLost(backend, new RunControl(), Promise.reject(unmapped));
    await Promise.resolve();
    lose({ reason: "unknown", message: "" });
    await expect(run).rejects.toBeInstanceOf(DeviceLostError);
    await expect(run).rejects.toThrow("The WebGPU device was lost.");
  });

  it("keeps a run's own failure when the device is fine, at once", async () => {
    const { backend } = webGpuBackend();
    const failure = new Error("NaN loss");
    await expect(unlessDeviceLost(backend, new RunControl(), Promise.reject(failure))).rejects.toBe(failure);
  });

  it("keeps a failed GPU call's own error when no loss is announced within the wait", async () => {
    vi.useFakeTimers();
    try {
      const { backend } = webGpuBackend();
      const failure = new DOMException("Out of memory.", "OperationError");
      const run = unlessDeviceLost(backend, new RunControl(), Promise.reject(failure));
      const settled = expect(run).rejects.toBe(failure);
      await vi.advanceTimersByTimeAsync(10_000);
      await settled;
    } finally {
      vi.useRealTimers();
    }
  });

  it("is recognized after comlink carried it across (a plain Error with the name)", () => {
    const revived = Object.assign(new Error("The WebGPU device was lost."), { name: "DeviceLostError" });
    expect(isDeviceLost(revived)).toBe(true);
    expect(isDeviceLost(new Error("The WebGPU device was lost."))).toBe(false);
  });
});

describe("a run whose worker crashed", () => {
  function resumePoint(log: RunLog): ResumePoint {
    return {
      nextIteration: 1,
      log,
      rewindPoint: {},
      masks: {},
      refill: null,
      rngState: 99,
      globalStep: 6,
    };
  }

  it("is kept as interrupted with the cause, and resumes on the backend asked for", async () => {
    const starts: { config: ExperimentConfig; options: RunOptions | undefined }[] = [];
    const db = createMemoryHistoryDb();
    const iteration0 = {
      type: "iteration" as const,
      record: iterationRecord(0, [
        [true, false],
        [true, true],
      ]),
    };
    const log = [STARTED, iteration0].reduce<RunLog | null>(foldRunLog, null);
    if (!log) throw new Error("no log");
    // The first run crashes after its first iteration; the resumed one goes on.
    const crashingOnce: ExperimentRunner = {
      async start(config, handlers, options) {
        starts.push({ config, options });
        if (starts.length > 1) return new Promise<RunLog>(() => {});
        handlers.onEvent(STARTED);
        handlers.onEvent(iteration0);
        await handlers.onSaved({ point: resumePoint(log), checkpoint: null });
        throw new WorkerCrashedError("The training worker stopped: Uncaught Error: out of memory.");
      },
      pause: () => {},
      resume: () => {},
      cancel: () => {},
    };
    const store = testLab({ runner: crashingOnce, db: Promise.resolve(db) });
    const config = { ...CONFIG, backend: "webgpu" as const };
    store.getState().runActions.runWith(config, {});
    await expect.poll(() => store.getState().run.status).toBe("error");
    expect(store.getState().runs[0]).toMatchObject({
      id: "run-1",
      status: "interrupted",
      errorMessage: "The training worker stopped: Uncaught Error: out of memory.",
      savedIterations: 1,
    });

    expect(await store.getState().historyActions.resume("run-1", "wasm")).toBe(true);
    expect(starts[1]?.config).toEqual({ ...config, backend: "wasm" });
    expect(starts[1]?.options).toMatchObject({ resume: { nextIteration: 1, rngState: 99 } });
    expect(store.getState().liveIds).toEqual(["run-1"]);
    // The record now holds the config it runs with, so a later resume offers wasm first.
    await expect.poll(async () => (await db.listRuns())[0]?.config.backend).toBe("wasm");
  });
});

describe("the run on screen", () => {
  it("shows a crash's cause over the error event the worker sent before it died", async () => {
    let fail: (error: Error) => void = () => {};
    const runner: ExperimentRunner = {
      start(_config, handlers) {
        handlers.onEvent(STARTED);
        handlers.onEvent({
          type: "error",
          message: "Failed to execute 'mapAsync' on 'GPUBuffer'",
          iteration: 0,
        });
        return new Promise((_, reject) => {
          fail = reject;
        });
      },
      pause: () => {},
      resume: () => {},
      cancel: () => {},
    };
    const store = testLab({ runner });
    store.getState().runActions.runWith(CONFIG, {});
    expect(store.getState().run.errorMessage).toBe("Failed to execute 'mapAsync' on 'GPUBuffer'");
    fail(new WorkerCrashedError("The WebGPU device was lost (destroyed): Device was destroyed."));
    await expect
      .poll(() => store.getState().run.errorMessage)
      .toBe("The WebGPU device was lost (destroyed): Device was destroyed.");
    expect(store.getState().run.status).toBe("error");
  });
});
