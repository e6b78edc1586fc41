// How a sweep point's run ended, read from the run slice: null while it still runs (or has not
// begun), cancelled when the user stopped it, done with the final ticket's figures, else failed.
import { compactFlopsOfLog, type PointEnding } from "../core/sweep";
import type { RunState } from "./runState";

export const NO_FINAL_TICKET = "the run ended without a final ticket";

export function pointEndingOf(run: RunState): PointEnding | null {
  if (run.status === "running" || run.status === "paused" || run.status === "idle") return null;
  if (run.stopped) return { status: "cancelled" };
  if (run.status === "done" && run.log?.final) {
    const { testAcc, sparsity } = run.log.final;
    return { status: "done", testAcc, sparsity, compactFlops: compactFlopsOfLog(run.log) };
  }
  return { status: "failed", error: run.errorMessage ?? NO_FINAL_TICKET };
}
