// Step mode's control: every step, from running or from a pause, ends paused at the next boundary.
import { describe, expect, it } from "vitest";
import { RunControl } from "../../src/core/control";

describe("RunControl.step", () => {
  it("pauses at the next boundary each time, also when it starts from a pause", async () => {
    const control = new RunControl();
    const passed: number[] = [];
    // Pressed while running: the first boundary pauses, before anything past it ran.
    const first = control.step();
    const loop = (async () => {
      for (let boundary = 1; boundary <= 3; boundary++) {
        await control.boundary();
        passed.push(boundary);
      }
    })();
    await first;
    expect(control.state).toBe("paused");
    expect(passed).toEqual([]);
    // From that pause: boundary 1 is passed, boundary 2 pauses.
    await control.step();
    expect(control.state).toBe("paused");
    expect(passed).toEqual([1]);
    await control.step();
    expect(passed).toEqual([1, 2]);
    control.resume();
    await loop;
    expect(passed).toEqual([1, 2, 3]);
  });
});
