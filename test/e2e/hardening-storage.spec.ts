// Storage quota exhaustion (issue 7): when IndexedDB refuses to store more, the page says so,
// by name, and the run on screen goes on to the end.
import { expect, test } from "@playwright/test";
import { expectStatus, numberAttribute } from "./helpers";

test("a full storage quota is reported and the run goes on", async ({ page }) => {
  // The browser refuses every checkpoint, as it does once the site's quota is used up.
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore["put"]>
    ) {
      if (this.name === "checkpoints")
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return put.apply(this, args);
    };
  });
  await page.goto("/?preset=tiny-vit-synthetic&backend=wasm&epochs=1&trainSize=256&testSize=128");
  await page.getByTestId("run-button").click();

  const alert = page.getByTestId("history-error");
  await expect(alert).toContainText("the browser's storage for this site is full (quota exceeded)");
  await expectStatus(page, "done", 90_000);
  expect(await numberAttribute(page, "chart-accuracy", "data-points")).toBe(3);
  await expect(page.getByTestId("run-item")).toHaveAttribute("data-status", "done");

  await alert.getByRole("button", { name: "Dismiss" }).click();
  await expect(alert).toHaveCount(0);
});
