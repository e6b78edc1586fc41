// Works offline once loaded (issue 7): after one visit the service worker (public/sw.js) holds
// the app, its workers and WASM, so with the network gone the page reloads and a run finishes.
import { expect, test } from "@playwright/test";
import { expectStatus, numberAttribute } from "./helpers";

test("once loaded, the lab reloads and runs offline", async ({ page, context }) => {
  await page.goto("/?preset=tiny-vit-synthetic&backend=wasm&epochs=1&trainSize=256&testSize=128");
  // Installing caches every built file before the worker activates and takes the page over.
  const cachedFiles = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve));
    }
    const cache = await caches.open("pruning-lab-v1");
    return (await cache.keys()).map((request) => new URL(request.url).pathname);
  });
  expect(cachedFiles).toContain("/data/mnist.bin");
  expect(cachedFiles.some((path) => /\/assets\/training\.worker-.*\.js$/.test(path))).toBe(true);
  expect(cachedFiles.some((path) => path.endsWith(".wasm"))).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId("status")).toHaveText("idle");
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await page.getByTestId("run-button").click();
  await expect(page.getByTestId("backend-badge")).toHaveText("wasm");
  await expectStatus(page, "done", 90_000);
  expect(await numberAttribute(page, "chart-accuracy", "data-points")).toBe(3);

  // A file the app never asked for is not there: offline means offline.
  const missing = await page.evaluate(() =>
    fetch("/not-cached.txt").then(
      (response) => `HTTP ${response.status}`,
      () => "failed",
    ),
  );
  expect(missing).toBe("failed");
});
