// Usable by everyone: axe-core finds no WCAG 2 A/AA violation idle and after a run, and the
// run controls are the first stop of the keyboard (a skip link).
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { expectStatus } from "./helpers";

async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.nodes.length}): ${violation.nodes
        .slice(0, 4)
        .map((node) => node.target.join(" "))
        .join(", ")}`,
  );
}

test("the lab idle and after a tiny run has no WCAG 2 A/AA violation", async ({ page }) => {
  await page.goto("/?preset=tiny-vit-synthetic&backend=wasm&pruningTimes=2&epochs=1");
  await expect(page.getByTestId("status")).toHaveText("idle");
  expect(await violations(page)).toEqual([]);

  await page.getByTestId("run-button").click();
  await expectStatus(page, "done", 90_000);
  expect(await violations(page)).toEqual([]);
});

test("the first Tab reaches a skip link that takes the keyboard to Run", async ({ page }) => {
  await page.goto("/?preset=tiny-vit-synthetic&backend=wasm");
  // The lab renders after the module loads; a Tab pressed before then lands on the bare page.
  await expect(page.getByTestId("status")).toHaveText("idle");
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("skip-to-controls")).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("run-button")).toBeFocused();
});
