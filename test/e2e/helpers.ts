// Shared steps of the end-to-end tests.
import { expect, type Page } from "@playwright/test";

export interface LongTask {
  startTime: number;
  duration: number;
}

declare global {
  interface Window {
    __longTasks?: LongTask[];
  }
}

/** Starts recording the main thread's long tasks (over 50 ms) from page load. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: { startTime: number; duration: number }[] = [];
    window.__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        tasks.push({ startTime: entry.startTime, duration: entry.duration });
    }).observe({ type: "longtask", buffered: true });
  });
}

export async function longTasksSince(page: Page, since: number): Promise<LongTask[]> {
  return page.evaluate((from) => (window.__longTasks ?? []).filter((task) => task.startTime >= from), since);
}

export async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

export async function stepCount(page: Page): Promise<number> {
  const text = await page.getByTestId("step-counter").textContent();
  return Number(text);
}

export async function numberAttribute(page: Page, testId: string, attribute: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute(attribute));
}

/** Fails the test with the page's run error, if it shows one, instead of a bare timeout. */
export async function expectStatus(page: Page, status: string, timeout: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const now = await page.getByTestId("status").textContent();
        if (now === "error" && status !== "error") {
          throw new Error(`run failed: ${await page.getByTestId("error-message").textContent()}`);
        }
        return now;
      },
      { timeout, intervals: [250] },
    )
    .toBe(status);
}
