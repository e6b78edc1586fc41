// What the in-browser benchmark page hands back to `npm run bench` (bench/chromium.ts).
import type { BenchRecord } from "../record";

export interface BenchFailure {
  name: string;
  backend: string;
  reason: string;
}

export interface BrowserBenchOutcome {
  records: BenchRecord[];
  failures: BenchFailure[];
  crossOriginIsolated: boolean;
  /** Threads of tfjs-backend-wasm's pool (1 without cross-origin isolation); 0 for other backends. */
  wasmThreads: number;
}

export interface BrowserBench {
  /** Times the reference training rows on `backend`, reporting each row as `label`. */
  run(
    backend: string,
    label: string,
    quick: boolean,
    log: (line: string) => void,
  ): Promise<BrowserBenchOutcome>;
}

declare global {
  interface Window {
    /** Set when the benchmark ends: its outcome, or why it could not run at all. */
    __benchOutcome?: BrowserBenchOutcome | { error: string };
  }
}
