// Steps shared by the hardening and soak end-to-end tests.
import type { Page, Worker } from "@playwright/test";

export function isTrainingWorker(worker: Worker): boolean {
  return worker.url().includes("training.worker");
}

/** Clicks Run and returns the run's training worker (each run gets a fresh one). */
export async function startRun(page: Page): Promise<Worker> {
  const worker = page.waitForEvent("worker", isTrainingWorker);
  await page.getByTestId("run-button").click();
  return worker;
}

/**
 * Clicks Stop in the very task in which the page first shows `words` (the phase in words)
 * during iteration `iteration` (1-based, as shown): a phase may last only milliseconds.
 */
export async function stopWhenShowing(page: Page, words: string, iteration: number): Promise<void> {
  await page.evaluate(
    ({ expected, shownIteration }) =>
      new Promise<void>((resolve) => {
        const stopIfShowing = (): void => {
          const phase = document.querySelector('[data-testid="phase"]')?.textContent ?? "";
          const progress = document.querySelector(".progress-text")?.textContent ?? "";
          if (!phase.includes(expected) || !progress.includes(`iteration ${shownIteration}/`)) return;
          observer.disconnect();
          document.querySelector<HTMLButtonElement>('[data-testid="stop-button"]')?.click();
          resolve();
        };
        const observer = new MutationObserver(stopIfShowing);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        stopIfShowing();
      }),
    { expected: words, shownIteration: iteration },
  );
}
