// Thins the stream of "step" events to what a chart can draw (about 20 a second), keeping
// the latest one, while every other event passes through at once. A held step is sent
// before any other event, so the order of the stream is kept.
import type { ExperimentEvent } from "../src/core/types";

type StepEvent = Extract<ExperimentEvent, { type: "step" }>;

export interface StepThrottle {
  push(event: ExperimentEvent): void;
  /** Sends the held step, if any. */
  flush(): void;
}

export interface Clock {
  now(): number;
  /** Calls `callback` once after `delayMs`; the returned function cancels it. */
  later(callback: () => void, delayMs: number): () => void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  later: (callback, delayMs) => {
    const handle = setTimeout(callback, delayMs);
    return () => clearTimeout(handle);
  },
};

export function createStepThrottle(
  send: (event: ExperimentEvent) => void,
  intervalMs = 50,
  clock: Clock = realClock,
): StepThrottle {
  let held: StepEvent | null = null;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let cancelTimer: (() => void) | null = null;

  function sendStep(step: StepEvent): void {
    lastSentAt = clock.now();
    send(step);
  }

  function flush(): void {
    cancelTimer?.();
    cancelTimer = null;
    const step = held;
    held = null;
    if (step) sendStep(step);
  }

  function push(event: ExperimentEvent): void {
    if (event.type !== "step") {
      flush();
      send(event);
      return;
    }
    const waitMs = lastSentAt + intervalMs - clock.now();
    if (waitMs <= 0) {
      held = null;
      cancelTimer?.();
      cancelTimer = null;
      sendStep(event);
      return;
    }
    held = event;
    // The timer delivers the last step of a burst even when no further event comes.
    cancelTimer ??= clock.later(flush, waitMs);
  }

  return { push, flush };
}
