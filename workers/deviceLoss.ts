// A lost WebGPU device (a driver reset, the GPU taken away, the browser reclaiming it) ends the
// run with an error that names the loss, rather than with whichever kernel failed next. No
// tfjs import, so that the main thread can recognize the error without loading tfjs.
import type { RunControl } from "../src/core/control";

export const DEVICE_LOST_ERROR = "DeviceLostError";

export class DeviceLostError extends Error {
  override name = DEVICE_LOST_ERROR;
}

/**
 * A lost device fails pending GPU calls at once (mapAsync rejects with a DOMException), but
 * Chrome announces the loss only once the queue has drained: measured on SwiftShader, 4 s after
 * destroy() with a copy in flight. A failed GPU call waits this long for the announcement.
 */
const ANNOUNCEMENT_WAIT_MS = 10_000;

/** What GPUDevice.lost resolves with (the DOM typings here do not include WebGPU). */
interface LostInfo {
  reason?: string;
  message?: string;
}

function lostPromiseOf(backend: object): Promise<LostInfo> | null {
  if (!("device" in backend) || typeof backend.device !== "object" || backend.device === null) return null;
  const { device } = backend;
  return "lost" in device && device.lost instanceof Promise ? device.lost : null;
}

function describeLoss(info: LostInfo): DeviceLostError {
  const reason = info.reason && info.reason !== "unknown" ? ` (${info.reason})` : "";
  return new DeviceLostError(
    `The WebGPU device was lost${reason}${info.message ? `: ${info.message}` : "."}`,
  );
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return Promise.race([promise, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);
}

/**
 * Settles as `run` does, unless `backend` (the active tfjs backend) is WebGPU and its device
 * is lost: then the run is cancelled and this rejects with a DeviceLostError, also when the run
 * failed first because of the loss. The run's own errors (a diverging loss) are not delayed.
 */
export async function unlessDeviceLost<T>(backend: object, control: RunControl, run: Promise<T>): Promise<T> {
  const lostInfo = lostPromiseOf(backend);
  if (!lostInfo) return run;
  const lost = lostInfo.then(describeLoss);
  try {
    return await Promise.race([run, lost.then((error) => Promise.reject(error))]);
  } catch (error) {
    control.cancel();
    run.catch(() => undefined);
    const fromGpu = error instanceof DOMException;
    throw (await within(lost, fromGpu ? ANNOUNCEMENT_WAIT_MS : 0)) ?? error;
  }
}

/** True for a DeviceLostError, also one that came through comlink (which keeps the name). */
export function isDeviceLost(error: unknown): error is Error {
  return error instanceof Error && error.name === DEVICE_LOST_ERROR;
}
