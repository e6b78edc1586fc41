// ?backend=wasm|webgl|webgpu: computes the figures in a worker (as the lab trains) and leaves
// them in window.__agreement.
import { wrap } from "comlink";
import { errorMessage } from "../../../src/core/errorMessage";
import type { AgreementCheck } from "./protocol";

const backend = new URLSearchParams(location.search).get("backend") ?? "wasm";
const worker = new Worker(new URL("./agree.worker.ts", import.meta.url), { type: "module" });
worker.addEventListener("error", (event) => {
  window.__agreement ??= { error: `the worker failed to load: ${event.message}` };
});
wrap<AgreementCheck>(worker)
  .compute(backend)
  .then(
    (outcome) => {
      window.__agreement = outcome;
    },
    (error: unknown) => {
      window.__agreement = { error: errorMessage(error) };
    },
  );
