// The page's handle on the training worker, against a stand-in Worker whose other end is a
// comlink-exposed fake of the worker's API over a MessageChannel: the run's result and
// events, the controls forwarded while it runs, the worker ended once it settles, and the
// crash, unreadable-message and lost-device errors as WorkerCrashedError.
import * as Comlink from "comlink";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ResumePoint } from "../../src/core/resume";
import type { ExperimentEvent, RunLog } from "../../src/core/types";
import { createWorkerDatasetLoader, type LoadProgress } from "../../src/lib/datasetClient";
import { createWorkerRunner, WorkerCrashedError } from "../../src/lib/workerClient";
import { DeviceLostError } from "../../workers/deviceLoss";
import type { RunHandlers, TrainingWorkerApi } from "../../workers/protocol";
import { CONFIG, STARTED } from "./store-fixtures";

const LOG = { format: "pruning-lab.run", iterations: [], final: null } as unknown as RunLog;

/** What the fake worker was asked, and the run's outcome, settled from the test. */
function fakeApi() {
  const calls: string[] = [];
  const options: unknown[] = [];
  let finish: (outcome: { log?: RunLog; error?: Error }) => void = () => {};
  const api: Omit<TrainingWorkerApi, "start"> & {
    start(config: unknown, handlers: RunHandlers, options?: unknown): Promise<RunLog>;
  } = {
    async start(_config, handlers, runOptions) {
      calls.push("start");
      options.push(runOptions);
      handlers.onEvent(STARTED);
      const outcome = await new Promise<{ log?: RunLog; error?: Error }>((resolve) => {
        finish = resolve;
      });
      if (outcome.error) throw outcome.error;
      return outcome.log ?? LOG;
    },
    pause: () => void calls.push("pause"),
    resume: () => void calls.push("resume"),
    step: async () => void calls.push("step"),
    cancel: () => void calls.push("cancel"),
    forgetBackendChoices: async () => {},
  };
  return { api, calls, options, finish: (outcome: { log?: RunLog; error?: Error }) => finish(outcome) };
}

interface StandIn {
  /** What the page built the worker from: the script's URL and the options. */
  url: string;
  options?: unknown;
  terminated: boolean;
  fail(message: string): { defaultPrevented: boolean };
  sendUnreadable(): void;
}

/** Installs a global Worker whose instances talk to `api`; returns the instances made. */
function installWorker(api: object): StandIn[] {
  const made: StandIn[] = [];
  class FakeWorker {
    private readonly port: MessagePort;
    private readonly listeners = new Map<string, ((event: unknown) => void)[]>();
    terminated = false;
    readonly url: string;
    constructor(
      url: URL | string,
      readonly options?: unknown,
    ) {
      this.url = String(url);
      const { port1, port2 } = new MessageChannel();
      Comlink.expose(api, port2);
      this.port = port1;
      made.push(this);
    }
    postMessage(message: unknown, transfer: Transferable[] = []) {
      this.port.postMessage(message, transfer);
    }
    addEventListener(type: string, listener: (event: unknown) => void) {
      if (type === "message") this.port.addEventListener("message", listener as EventListener);
      else this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
      this.port.start();
    }
    removeEventListener(type: string, listener: (event: unknown) => void) {
      if (type === "message") this.port.removeEventListener("message", listener as EventListener);
    }
    terminate() {
      this.terminated = true;
      this.port.close();
    }
    fail(message: string) {
      const event = {
        message,
        defaultPrevented: false,
        preventDefault: () => {
          event.defaultPrevented = true;
        },
      };
      for (const listener of this.listeners.get("error") ?? []) listener(event);
      return event;
    }
    sendUnreadable() {
      for (const listener of this.listeners.get("messageerror") ?? []) listener({});
    }
  }
  vi.stubGlobal("Worker", FakeWorker);
  return made;
}

function handlers(events: ExperimentEvent[]): RunHandlers {
  return {
    onEvent: (event) => void events.push(event),
    onBackend: () => {},
    onSaved: async () => {},
    onCompacted: () => {},
  };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(condition()).toBe(true);
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("createWorkerRunner", () => {
  it("resolves with the worker's log, relays its events, forwards the controls, then ends the worker", async () => {
    const fake = fakeApi();
    const workers = installWorker(fake.api);
    const runner = createWorkerRunner();
    const events: ExperimentEvent[] = [];
    const run = runner.start(CONFIG, handlers(events));
    await until(() => events.length === 1);
    expect(events).toEqual([STARTED]);
    runner.pause();
    runner.resume();
    await runner.step?.();
    runner.cancel();
    await until(() => fake.calls.length === 5);
    expect(fake.calls).toEqual(["start", "pause", "resume", "step", "cancel"]);
    fake.finish({ log: LOG });
    await expect(run).resolves.toEqual(LOG);
    expect(workers[0]?.terminated).toBe(true);
    expect(workers[0]?.url).toMatch(/\/workers\/training\.worker\.ts$/);
    expect(workers[0]?.options).toEqual({ type: "module" });
    // Settled: the controls reach no worker.
    runner.pause();
    runner.resume();
    runner.cancel();
    await runner.step?.();
    expect(fake.calls).toHaveLength(5);
    expect(fake.options).toEqual([{ resume: null }]);
  });

  it("relays every handler: the backend report, each save and the compaction", async () => {
    const seen: string[] = [];
    installWorker({
      async start(_config: unknown, relayed: RunHandlers) {
        relayed.onBackend({ backend: "wasm" } as never);
        await relayed.onSaved({ iteration: 1 } as never);
        relayed.onCompacted({ iteration: 2 } as never);
        return LOG;
      },
    });
    const log = await createWorkerRunner().start(CONFIG, {
      onEvent: () => {},
      onBackend: (report) => void seen.push(`backend ${JSON.stringify(report)}`),
      onSaved: async (save) => void seen.push(`saved ${JSON.stringify(save)}`),
      onCompacted: (result) => void seen.push(`compacted ${JSON.stringify(result)}`),
    });
    expect(log).toEqual(LOG);
    expect(seen).toEqual([
      'backend {"backend":"wasm"}',
      'saved {"iteration":1}',
      'compacted {"iteration":2}',
    ]);
  });

  it("a run that ends while a newer one goes on leaves the controls with the newer one", async () => {
    const older = fakeApi();
    installWorker(older.api);
    const runner = createWorkerRunner();
    const first = runner.start(CONFIG, handlers([]));
    await until(() => older.calls.length === 1);
    const newer = fakeApi();
    installWorker(newer.api);
    const second = runner.start(CONFIG, handlers([]));
    await until(() => newer.calls.length === 1);
    older.finish({ log: LOG });
    await first;
    runner.pause();
    await until(() => newer.calls.length === 2);
    expect(newer.calls).toEqual(["start", "pause"]);
    newer.finish({ log: LOG });
    await second;
  });

  it("hands the worker the resume point to continue from", async () => {
    const fake = fakeApi();
    installWorker(fake.api);
    const point = { nextIteration: 2 } as unknown as ResumePoint;
    const run = createWorkerRunner().start(CONFIG, handlers([]), { resume: point });
    await until(() => fake.calls.length === 1);
    expect(fake.options).toEqual([{ resume: point }]);
    fake.finish({ log: LOG });
    await run;
  });

  it("a worker that dies rejects the run with WorkerCrashedError naming why, and the run is kept", async () => {
    const workers = installWorker(fakeApi().api);
    const run = createWorkerRunner().start(CONFIG, handlers([]));
    await until(() => workers.length === 1);
    const event = workers[0]!.fail("out of memory");
    await expect(run).rejects.toThrow(WorkerCrashedError);
    await expect(run).rejects.toThrow(
      "The training worker stopped: out of memory. The run is kept: resume it from the list of runs, on another backend if this one fails again.",
    );
    expect(event.defaultPrevented).toBe(true);
    expect(workers[0]?.terminated).toBe(true);
  });

  it("a crash without a message says it crashed; an unreadable message is a crash too", async () => {
    let workers = installWorker(fakeApi().api);
    const silent = createWorkerRunner().start(CONFIG, handlers([]));
    await until(() => workers.length === 1);
    workers[0]!.fail("");
    await expect(silent).rejects.toThrow("The training worker stopped: it crashed. The run is kept");

    workers = installWorker(fakeApi().api);
    const garbled = createWorkerRunner().start(CONFIG, handlers([]));
    await until(() => workers.length === 1);
    workers[0]!.sendUnreadable();
    await expect(garbled).rejects.toThrow(
      new WorkerCrashedError(
        "The training worker sent a message that could not be read. The run is kept: resume it from the list of runs, on another backend if this one fails again.",
      ),
    );
  });

  it("a lost device becomes WorkerCrashedError with its message; other failures pass as they are", async () => {
    const lost = fakeApi();
    installWorker(lost.api);
    const run = createWorkerRunner().start(CONFIG, handlers([]));
    await until(() => lost.calls.length === 1);
    lost.finish({ error: new DeviceLostError("The WebGPU device was lost (destroyed).") });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect((error as Error).name).toBe("WorkerCrashedError");
    expect((error as Error).message).toBe(
      "The WebGPU device was lost (destroyed). The run is kept: resume it from the list of runs, on another backend if this one fails again.",
    );

    const failing = fakeApi();
    installWorker(failing.api);
    const failed = createWorkerRunner().start(CONFIG, handlers([]));
    await until(() => failing.calls.length === 1);
    failing.finish({ error: new Error("config: epochs must be at least 1") });
    const plain = await failed.catch((e: unknown) => e);
    expect(plain).not.toBeInstanceOf(WorkerCrashedError);
    expect((plain as Error).message).toBe("config: epochs must be at least 1");
  });
});

describe("createWorkerDatasetLoader", () => {
  it("loads in a worker of its own, relays the progress, and ends the worker, also on failure", async () => {
    const asked: unknown[] = [];
    const api = {
      async load(files: unknown[], options: unknown, onProgress: (progress: LoadProgress) => void) {
        asked.push(files.length, options);
        await onProgress({ stage: "parsing", fraction: 0.5 });
        if (files.length === 0) throw new Error("no files");
        return { ok: false, errors: ["a.bin: not a dataset file"] };
      },
    };
    const workers = installWorker(api);
    const progress: LoadProgress[] = [];
    const loader = createWorkerDatasetLoader();
    const outcome = await loader.load(
      [new File([new Uint8Array(4)], "a.bin")],
      { cifar100Label: "fine" },
      (p) => progress.push(p),
    );
    expect(outcome).toEqual({ ok: false, errors: ["a.bin: not a dataset file"] });
    expect(asked).toEqual([1, { cifar100Label: "fine" }]);
    expect(progress).toEqual([{ stage: "parsing", fraction: 0.5 }]);
    expect(workers[0]?.terminated).toBe(true);
    expect(workers[0]?.url).toMatch(/\/workers\/dataset\.worker\.ts$/);
    expect(workers[0]?.options).toEqual({ type: "module" });

    await expect(loader.load([], { cifar100Label: "coarse" }, () => {})).rejects.toThrow("no files");
    expect(workers).toHaveLength(2);
    expect(workers[1]?.terminated).toBe(true);
  });
});
