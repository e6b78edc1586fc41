// The choice of `backend: "auto"`: time a few real training steps on each backend and keep the
// fastest. Pure (no tfjs): the timing is injected, so the rule is unit-tested with made-up numbers.
import { errorMessage } from "../src/core/errorMessage";
import type { BackendName } from "../src/core/types";

/** What timing one backend found: its ms per step, or why it has none. */
export interface BackendTiming {
  backend: BackendName;
  msPerStep: number | null;
  /** Why it was not usable or not timed; a remark (e.g. "first step only") when it was. */
  reason: string | null;
}

/** Times steps on `backend` within `budgetMs`; throws, with a message saying why, when it cannot run. */
export type MeasureBackend = (
  backend: BackendName,
  budgetMs: number,
) => Promise<{ msPerStep: number; remark?: string }>;

export interface ChooseOptions {
  /** The order backends are timed in; WASM first, so a budget cut never leaves nothing timed. */
  order?: readonly BackendName[];
  /** Choosing stops timing new backends once this much time has passed. */
  budgetMs?: number;
  now?: () => number;
}

export const TIMED_ORDER: readonly BackendName[] = ["wasm", "webgpu", "webgl"];
export const CHOOSING_BUDGET_MS = 5000;

export async function chooseFastest(
  measure: MeasureBackend,
  options: ChooseOptions = {},
): Promise<{ backend: BackendName; timings: BackendTiming[] }> {
  const { order = TIMED_ORDER, budgetMs = CHOOSING_BUDGET_MS, now = Date.now } = options;
  const started = now();
  const timings: BackendTiming[] = [];
  for (const backend of order) {
    const left = budgetMs - (now() - started);
    if (left <= 0) {
      timings.push({
        backend,
        msPerStep: null,
        reason: `not timed: the ${budgetMs / 1000} s for choosing were spent`,
      });
      continue;
    }
    timings.push(await timeOne(measure, backend, left));
  }
  const fastest = timings
    .filter((t): t is BackendTiming & { msPerStep: number } => t.msPerStep !== null)
    .sort((a, b) => a.msPerStep - b.msPerStep)[0];
  if (fastest) return { backend: fastest.backend, timings };
  // CPU only when nothing else works: it is always far slower than WASM.
  const cpu = await timeOne(measure, "cpu", Number.POSITIVE_INFINITY);
  timings.push(cpu);
  if (cpu.msPerStep !== null) return { backend: "cpu", timings };
  throw new Error(`No usable backend (${describeTimings(timings)}).`);
}

async function timeOne(
  measure: MeasureBackend,
  backend: BackendName,
  budgetMs: number,
): Promise<BackendTiming> {
  try {
    const { msPerStep, remark } = await measure(backend, budgetMs);
    return { backend, msPerStep, reason: remark ?? null };
  } catch (error) {
    return { backend, msPerStep: null, reason: errorMessage(error) };
  }
}

/** "wasm: 110 ms/step; webgpu: software adapter (SwiftShader), 9.8 s/step" — the badge's tooltip. */
export function describeTimings(timings: readonly BackendTiming[]): string {
  return timings
    .map(({ backend, msPerStep, reason }) => {
      const parts = [reason, msPerStep === null ? null : formatStep(msPerStep)].filter((p) => p !== null);
      return `${backend}: ${parts.join(", ")}`;
    })
    .join("; ");
}

function formatStep(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s/step` : `${Math.round(ms)} ms/step`;
}
