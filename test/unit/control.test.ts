// The run's pause, resume and cancel as the loop sees them through gate() and boundary().
import { describe, expect, it } from "vitest";
import { RunCancelled, RunControl } from "../../src/core/control";

/** Whether `promise` has settled once pending callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
}

describe("RunControl", () => {
  it("starts running, and its gate lets the loop through", async () => {
    const control = new RunControl();
    expect(control.state).toBe("running");
    expect(await settled(control.gate())).toBe(true);
  });

  it("holds the gate while paused and opens it on resume", async () => {
    const control = new RunControl();
    control.pause();
    expect(control.state).toBe("paused");
    const gate = control.gate();
    expect(await settled(gate)).toBe(false);
    control.resume();
    expect(control.state).toBe("running");
    expect(await settled(gate)).toBe(true);
  });

  it("cancel throws RunCancelled at the gate, also from a pause, and is final", async () => {
    const control = new RunControl();
    control.pause();
    const gate = control.gate();
    control.cancel();
    await expect(gate).rejects.toThrow(RunCancelled);
    await expect(gate).rejects.toThrow("The run was cancelled.");
    control.pause();
    control.resume();
    expect(control.state).toBe("cancelled");
    await expect(control.boundary()).rejects.toBeInstanceOf(RunCancelled);
  });

  it("resume while running changes nothing; a boundary without step mode does not pause", async () => {
    const control = new RunControl();
    control.resume();
    expect(control.state).toBe("running");
    expect(await settled(control.boundary())).toBe(true);
    expect(control.state).toBe("running");
  });

  it("a step once cancelled resolves at once; cancel ends a pending step", async () => {
    const control = new RunControl();
    const pending = control.step();
    expect(await settled(pending)).toBe(false);
    control.cancel();
    expect(await settled(pending)).toBe(true);
    expect(await settled(control.step())).toBe(true);
  });

  it("a second step press settles the first, and the next boundary pauses once", async () => {
    const control = new RunControl();
    const first = control.step();
    const second = control.step();
    expect(await settled(first)).toBe(true);
    expect(await settled(second)).toBe(false);
    const boundary = control.boundary();
    expect(control.state).toBe("paused");
    expect(await settled(second)).toBe(true);
    control.resume();
    expect(await settled(boundary)).toBe(true);
    // Step mode ended with that pause: the next boundary passes.
    expect(await settled(control.boundary())).toBe(true);
    expect(control.state).toBe("running");
  });
});
