import { describe, expect, it } from "vitest";
import type { ExperimentEvent } from "../../src/core/types";
import { type Clock, createStepThrottle } from "../../workers/stepThrottle";

/** A clock the test moves by hand; `later` callbacks fire when time passes their due time. */
function manualClock() {
  let time = 0;
  let pending: { due: number; callback: () => void; cancelled: boolean }[] = [];
  const clock: Clock = {
    now: () => time,
    later(callback, delayMs) {
      const entry = { due: time + delayMs, callback, cancelled: false };
      pending.push(entry);
      return () => {
        entry.cancelled = true;
      };
    },
  };
  const advance = (ms: number) => {
    time += ms;
    const due = pending.filter((entry) => entry.due <= time && !entry.cancelled);
    pending = pending.filter((entry) => entry.due > time && !entry.cancelled);
    for (const entry of due) entry.callback();
  };
  return { clock, advance };
}

const step = (globalStep: number): ExperimentEvent => ({
  type: "step",
  iteration: 0,
  epoch: 0,
  step: globalStep - 1,
  globalStep,
  totalSteps: 100,
  loss: 1,
  lambda: 0,
  lr: 0.01,
});

const labels = (events: ExperimentEvent[]) =>
  events.map((event) => (event.type === "step" ? `step${event.globalStep}` : event.type));

/** A throttle with a 50 ms interval on a manual clock, and the events it has sent. */
function throttled() {
  const { clock, advance } = manualClock();
  const sent: ExperimentEvent[] = [];
  const throttle = createStepThrottle((event) => sent.push(event), 50, clock);
  return { throttle, sent, advance };
}

describe("createStepThrottle", () => {
  it("sends the first step at once and only the latest of a burst once the interval has passed", () => {
    const { throttle, sent, advance } = throttled();
    throttle.push(step(1)); // t=0: nothing sent before, goes out now
    advance(10);
    throttle.push(step(2)); // t=10: held
    advance(10);
    throttle.push(step(3)); // t=20: replaces step 2
    expect(labels(sent)).toEqual(["step1"]);
    advance(30); // t=50: the timer set at t=10 for 40 ms fires with the latest step
    expect(labels(sent)).toEqual(["step1", "step3"]);
  });

  it("never holds back other events, and sends a held step before them", () => {
    const { throttle, sent, advance } = throttled();
    throttle.push(step(1));
    advance(5);
    throttle.push(step(2));
    throttle.push({
      type: "epoch",
      iteration: 0,
      record: { epoch: 0, trainLoss: 1, trainAcc: 0.5, testAcc: 0.5, lambda: 0 },
    });
    throttle.push({ type: "phase", iteration: 0, phase: "pruning" });
    expect(labels(sent)).toEqual(["step1", "step2", "epoch", "phase"]);
    advance(100); // the cancelled timer must not send step 2 again
    expect(labels(sent)).toEqual(["step1", "step2", "epoch", "phase"]);
  });

  it("flush sends a held step once", () => {
    const { throttle, sent, advance } = throttled();
    throttle.push(step(1));
    advance(1);
    throttle.push(step(2));
    throttle.flush();
    throttle.flush();
    expect(labels(sent)).toEqual(["step1", "step2"]);
  });
});
