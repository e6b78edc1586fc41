// Progress on stderr: a redrawn bar on a terminal, one line per epoch and iteration otherwise.
import type { ExperimentEvent } from "../core/types";
import type { Output } from "./command";

/** Reports the run's progress; how it ended, error or not, the command says once itself. */
export function createProgressReporter(stream: Output): (event: ExperimentEvent) => void {
  const tty = stream.isTTY === true;
  const startedAt = Date.now();
  let lastDraw = 0;
  let status = "";
  const clear = () => {
    if (tty) stream.write("\r\x1b[2K");
  };
  const line = (text: string) => {
    clear();
    stream.write(`${text}\n`);
  };
  return (event) => {
    switch (event.type) {
      case "started":
        line(
          `pruning-lab: ${event.config.arch} on ${event.config.dataset}, struct ${event.config.struct}, ` +
            `${event.config.pruningTimes} iterations × ${event.config.epochs} epochs × ${event.stepsPerEpoch} steps, ` +
            `backend ${event.env.backend}`,
        );
        break;
      case "phase":
        status = event.phase;
        break;
      case "step": {
        if (!tty) break;
        const now = Date.now();
        if (now - lastDraw < 100 && event.globalStep < event.totalSteps) break;
        lastDraw = now;
        const fraction = event.globalStep / event.totalSteps;
        const width = 30;
        const filled = Math.round(fraction * width);
        const elapsed = (now - startedAt) / 1000;
        const eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
        stream.write(
          `\r\x1b[2K[${"#".repeat(filled)}${".".repeat(width - filled)}] ${(fraction * 100).toFixed(1)}% ` +
            `it ${event.iteration} ep ${event.epoch} loss ${event.loss.toFixed(4)} λ ${event.lambda.toFixed(3)} ` +
            `${status} · ETA ${formatSeconds(eta)}`,
        );
        break;
      }
      case "epoch":
        line(
          `  iter ${event.iteration} epoch ${event.record.epoch}: loss ${event.record.trainLoss.toFixed(4)}, ` +
            `train ${pct(event.record.trainAcc)}, test ${pct(event.record.testAcc)}, λ ${event.record.lambda.toFixed(4)}`,
        );
        break;
      case "final-epoch":
        line(
          `  final ticket epoch ${event.record.epoch}: loss ${event.record.trainLoss.toFixed(4)}, ` +
            `train ${pct(event.record.trainAcc)}, test ${pct(event.record.testAcc)}`,
        );
        break;
      case "iteration": {
        const r = event.record;
        line(
          `iteration ${r.index}: test ${pct(r.testAccUnstructured)} unstructured, ${pct(r.testAccStructured)} ` +
            `structured; sparsity ${pct(r.sparsity.overall)} (structured ${pct(r.structuredSparsity)}); ` +
            `${(r.durationMs / 1000).toFixed(1)} s`,
        );
        break;
      }
      case "done":
        line(
          `done in ${formatSeconds((Date.now() - startedAt) / 1000)}: test ${pct(event.final.testAcc)} at sparsity ` +
            `${pct(event.final.sparsity)}`,
        );
        break;
    }
  };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${Math.round(s % 60)}s` : `${s.toFixed(1)}s`;
}
