// yieldToEventLoop: a long synchronous stretch hands control back at most every budget's
// milliseconds (a timer of 0 ms), and returns at once in between. Timers and the clock are
// Vitest's fakes, so the test reads which calls scheduled a timer.
import { afterEach, describe, expect, it, vi } from "vitest";
import { yieldToEventLoop } from "../../src/core/train/yield";

afterEach(() => vi.useRealTimers());

/** Calls it, and tells whether it waited on a timer (then lets the timer fire). */
async function yielded(budgetMs?: number): Promise<boolean> {
  const done = budgetMs === undefined ? yieldToEventLoop() : yieldToEventLoop(budgetMs);
  const waited = vi.getTimerCount() > 0;
  await vi.runAllTimersAsync();
  await done;
  return waited;
}

describe("yieldToEventLoop", () => {
  it("yields once per 30 ms by default, and at once when the budget has passed", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    expect(await yielded()).toBe(true);
    vi.setSystemTime(1_000_029);
    expect(await yielded()).toBe(false);
    vi.setSystemTime(1_000_030);
    expect(await yielded()).toBe(true);
    vi.setSystemTime(1_000_031);
    expect(await yielded()).toBe(false);
  });

  it("takes another budget when given", async () => {
    vi.useFakeTimers({ now: 2_000_000 });
    expect(await yielded(5)).toBe(true);
    vi.setSystemTime(2_000_004);
    expect(await yielded(5)).toBe(false);
    vi.setSystemTime(2_000_005);
    expect(await yielded(5)).toBe(true);
  });
});
