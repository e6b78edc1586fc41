// The browser's sweeps: a queue of points run one after another in the training worker, each
// a normal run in the history. The queue is stored after every change (IndexedDB), so a reload
// finds a running sweep and goes on: the point the reload cut short resumes from its last
// stored iteration (the history's resume), or runs again from its start when it cannot.
import { createStore, type StoreApi } from "zustand/vanilla";
import { errorMessage } from "../core/errorMessage";
import {
  cancelSweep,
  nextQueuedPoint,
  type PointEnding,
  type QueuedPoint,
  requeueInterrupted,
  type SweepRecord,
  setSweepStatus,
  settlePoint,
  startPoint,
} from "../core/sweep";
import type { ExperimentConfig } from "../core/types";
import type { SweepDb } from "../lib/db";
import { createMemorySweepDb } from "../lib/dbMemory";

/** A point started in the experiment: its history run and how it ends. */
export interface StartedPoint {
  runId: string;
  ended: Promise<PointEnding>;
}

/** What the sweeps need from the experiment and the history. */
export interface SweepExperimentPort {
  /** Starts a run; null while another run is active. */
  start(config: ExperimentConfig): StartedPoint | null;
  /** Resumes a run a reload cut short, from its last stored iteration; null when it cannot. */
  resumeCut(runId: string): Promise<StartedPoint | null>;
  pause(): void;
  resume(): void;
  stop(): void;
  /** Tags the point's stored run with its sweep (name and run-log env.sweep). */
  tag(runId: string, sweep: SweepRecord, point: QueuedPoint): Promise<void>;
}

export interface SweepPorts {
  db: Promise<SweepDb>;
  experiment: SweepExperimentPort;
}

export interface SweepActions {
  /** Reads the stored sweeps; a sweep left running goes on (the promise does not wait for it). */
  load(): Promise<void>;
  /** Queues a new sweep and starts it. */
  add(sweep: SweepRecord): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Stores a sweep joined from imported run logs (nothing to run). */
  putImported(sweep: SweepRecord): Promise<void>;
  select(id: string | null): void;
}

export interface SweepState {
  ready: boolean;
  /** Newest first. */
  sweeps: SweepRecord[];
  /** The sweep shown in sweep-view. */
  selectedId: string | null;
  /** The point this page is running now. */
  runningPoint: { sweepId: string; index: number } | null;
  error: string | null;
  actions: SweepActions;
}

export type SweepStore = StoreApi<SweepState>;

export function createSweepStore(ports: SweepPorts): SweepStore {
  return createStore<SweepState>()((set, get) => {
    const dbReady = ports.db.catch(() => createMemorySweepDb());
    const find = (id: string) => get().sweeps.find((sweep) => sweep.id === id);

    const save = async (sweep: SweepRecord): Promise<void> => {
      set((state) => ({
        sweeps: [sweep, ...state.sweeps.filter((other) => other.id !== sweep.id)].sort((a, b) =>
          b.createdAt.localeCompare(a.createdAt),
        ),
      }));
      try {
        await (await dbReady).putSweep(sweep);
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    };

    /** Starts the next queued point of the oldest running sweep, unless one runs already. */
    const pump = async (): Promise<void> => {
      if (get().runningPoint) return;
      const sweep = [...get().sweeps].reverse().find((candidate) => nextQueuedPoint(candidate));
      const point = sweep && nextQueuedPoint(sweep);
      if (!sweep || !point) return;
      // Claimed before the resume's await, so that a second pump meanwhile starts nothing.
      set({ runningPoint: { sweepId: sweep.id, index: point.index } });
      const started =
        (point.resumeFrom ? await ports.experiment.resumeCut(point.resumeFrom) : null) ??
        ports.experiment.start(point.config);
      if (!started) {
        set({ runningPoint: null });
        return;
      }
      await save(startPoint(find(sweep.id) ?? sweep, point.index, started.runId));
      const ending = await started.ended;
      // Tagged before the point is marked done: a reload in between runs the point again
      // rather than leaving a finished point whose run is not tagged.
      if (ending.status === "done") await ports.experiment.tag(started.runId, sweep, point);
      const current = find(sweep.id);
      set({ runningPoint: null });
      if (!current) return;
      const settled = current.status === "cancelled" ? current : settlePoint(current, point.index, ending);
      await save(settled);
      await pump();
    };

    const change = async (
      id: string,
      update: (sweep: SweepRecord) => SweepRecord,
    ): Promise<SweepRecord | null> => {
      const sweep = find(id);
      if (!sweep) return null;
      const next = update(sweep);
      await save(next);
      return next;
    };

    const actions: SweepActions = {
      async load() {
        const stored = await (await dbReady).listSweeps().catch(() => []);
        const requeued = stored.map(requeueInterrupted);
        const sweeps = [...requeued].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        set({ ready: true, sweeps, selectedId: get().selectedId ?? sweeps[0]?.id ?? null });
        await Promise.all(requeued.filter((sweep, i) => sweep !== stored[i]).map(save));
        void pump();
      },
      async add(sweep) {
        await save(sweep);
        set({ selectedId: sweep.id });
        void pump();
      },
      async pause(id) {
        await change(id, (sweep) => setSweepStatus(sweep, "paused"));
        if (get().runningPoint?.sweepId === id) ports.experiment.pause();
      },
      async resume(id) {
        await change(id, (sweep) => setSweepStatus(sweep, "running"));
        if (get().runningPoint?.sweepId === id) ports.experiment.resume();
        else void pump();
      },
      async cancel(id) {
        const running = get().runningPoint?.sweepId === id;
        await change(id, cancelSweep);
        if (running) ports.experiment.stop();
      },
      async remove(id) {
        if (get().runningPoint?.sweepId === id) return;
        set((state) => ({
          sweeps: state.sweeps.filter((sweep) => sweep.id !== id),
          selectedId: state.selectedId === id ? null : state.selectedId,
        }));
        await (await dbReady).deleteSweep(id);
      },
      async putImported(sweep) {
        await save(sweep);
        set({ selectedId: sweep.id });
      },
      select(id) {
        set({ selectedId: id });
      },
    };

    return { ready: false, sweeps: [], selectedId: null, runningPoint: null, error: null, actions };
  });
}
