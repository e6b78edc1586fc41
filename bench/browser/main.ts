// The benchmark page: ?backend=wasm|webgl|webgpu&label=…&quick=1. It runs the benchmark in a
// worker and leaves the outcome in window.__benchOutcome for bench/chromium.ts to read.
import { proxy, wrap } from "comlink";
import { errorMessage } from "../../src/core/errorMessage";
import type { BrowserBench } from "./protocol";

const params = new URLSearchParams(location.search);
const backend = params.get("backend") ?? "wasm";
const label = params.get("label") ?? `chromium-${backend}`;
const quick = params.get("quick") === "1";
const logView = document.getElementById("log");

function log(line: string): void {
  console.log(line);
  if (logView) logView.textContent += `${line}\n`;
}

const worker = new Worker(new URL("./bench.worker.ts", import.meta.url), { type: "module" });
// A worker that fails to load never answers: report that rather than wait forever.
worker.addEventListener("error", (event) => {
  window.__benchOutcome ??= { error: `the benchmark worker failed to load: ${event.message}` };
});
wrap<BrowserBench>(worker)
  .run(backend, label, quick, proxy(log))
  .then(
    (outcome) => {
      window.__benchOutcome = outcome;
    },
    (error: unknown) => {
      window.__benchOutcome = { error: errorMessage(error) };
    },
  );
