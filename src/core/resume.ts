// What a run needs to continue after its last completed iteration, as plain typed arrays
// (structured-clone friendly, so it can live in IndexedDB). At an iteration boundary the model
// has just been rewound, so θ0, the masks, R and the random stream are the whole state; the
// optimizer starts afresh every iteration anyway.
import * as tf from "@tensorflow/tfjs";
import type { Session } from "./session";
import type { MaskSet, RunLog } from "./types";
import { disposeAll, restore } from "./weights";

export interface TensorData {
  shape: number[];
  data: Float32Array;
}

export type TensorDataMap = Record<string, TensorData>;

export interface ResumePoint {
  /** The index of the next iteration to run (= iterations completed). */
  nextIteration: number;
  /** The run log up to and including the last completed iteration. */
  log: RunLog;
  rewindPoint: TensorDataMap;
  masks: TensorDataMap;
  /** R, the session's structure mask, kept under its stored name (points in IndexedDB have it). */
  refill: TensorDataMap | null;
  /** Masks over what Refill's cut groups own (absent in points saved before they existed). */
  owned?: TensorDataMap;
  /**
   * The weights as trained, after the last iteration only: that iteration does not rewind, since
   * the final ticket measures (and may fine-tune) them. Absent after earlier iterations.
   */
  trained?: TensorDataMap;
  rngState: number;
  globalStep: number;
}

export async function captureResumePoint(
  session: Session,
  log: RunLog,
  nextIteration: number,
): Promise<ResumePoint> {
  return {
    nextIteration,
    log,
    rewindPoint: await toData(session.rewindPoint ?? {}),
    masks: await toData(session.masks),
    refill: session.structureMask ? await toData(session.structureMask) : null,
    owned: await toData(session.owned),
    ...(nextIteration === session.config.pruningTimes ? { trained: await toData(weightsOf(session)) } : {}),
    rngState: session.rng.state(),
    globalStep: session.counter.globalStep,
  };
}

/** Puts the session where the interrupted run stood after its last completed iteration. */
export function applyResumePoint(session: Session, point: ResumePoint, rng: Session["rng"]): void {
  const missing = session.model.prunable.filter((name) => !point.masks[name]);
  if (missing.length > 0) throw new Error(`resume: the saved state has no mask for ${missing.join(", ")}`);
  disposeAll(session.masks);
  disposeAll(session.structureMask);
  disposeAll(session.rewindPoint);
  session.masks = fromData(point.masks);
  session.structureMask = point.refill ? fromData(point.refill) : null;
  disposeAll(session.owned);
  session.owned = point.owned ? fromData(point.owned) : {};
  session.rewindPoint = fromData(point.rewindPoint);
  restore(session.model, session.rewindPoint);
  if (point.trained) {
    const trained = fromData(point.trained);
    restore(session.model, trained);
    disposeAll(trained);
  }
  session.rng = rng;
  session.counter.globalStep = point.globalStep;
}

function weightsOf(session: Session): Record<string, tf.Tensor> {
  return { ...session.model.params, ...session.model.buffers };
}

async function toData(tensors: MaskSet): Promise<TensorDataMap> {
  const out: TensorDataMap = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    out[name] = { shape: tensor.shape, data: Float32Array.from(await tensor.data()) };
  }
  return out;
}

function fromData(map: TensorDataMap): MaskSet {
  return Object.fromEntries(
    Object.entries(map).map(([name, { shape, data }]) => [name, tf.tensor(data, shape)]),
  );
}
