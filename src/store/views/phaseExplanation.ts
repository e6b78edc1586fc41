// Step mode's words: what the phase that just ended did, with this run's numbers, and which
// chart changed. The run pauses at a boundary before the next phase event, so `phase` is the
// phase that has just finished.
import type { EpochRecord, IterationRecord, Phase, RunLog } from "../../core/types";

export interface PhaseExplanation {
  text: string;
  /** The chart or view that changed, by its heading. */
  chart: string;
}

export interface PhaseMoment {
  phase: Phase;
  /** The iteration the phase belongs to (0-based). */
  iteration: number;
  /** The last finished epoch of the current iteration (or of the final ticket), if any. */
  epoch: EpochRecord | null;
  /** The epoch in progress when no record of it is at hand (0-based). */
  epochIndex: number;
}

/** What step mode has at hand while paused: the phase in progress and the epochs finished in it. */
export interface PausedRun {
  progress: { phase: Phase | null; iteration: number; epoch: number };
  liveEpochs: EpochRecord[];
  liveIteration: number;
  finalEpochs: EpochRecord[];
}

/**
 * The moment to explain while paused, or null before the first phase. In training, the epoch
 * record is the one of the epoch the last step belonged to, once it has finished (a pause in
 * the middle of an epoch has none); in the final ticket's training, its last finished epoch.
 */
export function pausedMoment(run: PausedRun): PhaseMoment | null {
  const { phase, iteration, epoch: epochIndex } = run.progress;
  if (!phase) return null;
  const finished =
    phase === "training" && run.liveIteration === iteration
      ? run.liveEpochs.find((record) => record.epoch === epochIndex)
      : phase === "finalizing"
        ? run.finalEpochs.at(-1)
        : undefined;
  return { phase, iteration, epoch: finished ?? null, epochIndex };
}

const count = (n: number) => Math.round(n).toLocaleString("en-US");
const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;

export function explainPhase(log: RunLog, moment: PhaseMoment): PhaseExplanation {
  const { config, model } = log;
  const record: IterationRecord | undefined = log.iterations[moment.iteration] ?? log.iterations.at(-1);
  const before = moment.iteration > 0 ? (log.iterations[moment.iteration - 1]?.sparsity.overall ?? 0) : 0;
  const alive = model.prunableParams * (1 - before);
  switch (moment.phase) {
    case "training": {
      const epoch = moment.epoch;
      if (!epoch) {
        return {
          text: `Training finished epoch ${moment.epochIndex + 1} of ${config.epochs}, updating the ${count(alive)} unpruned weights on ${count(config.trainSize)} digits; the pruned weights stay at zero.`,
          chart: "Loss",
        };
      }
      return {
        text:
          `Training epoch ${epoch.epoch + 1} of ${config.epochs} updated the ${count(alive)} unpruned weights ` +
          `on ${count(config.trainSize)} digits: train loss ${epoch.trainLoss.toFixed(3)}, test accuracy ${percent(epoch.testAcc)}. ` +
          "The pruned weights stay at zero.",
        // The epoch's test accuracy is in the sentence; the chart that moved is the loss's.
        chart: "Loss",
      };
    }
    case "pruning": {
      const zeroed = Math.round(config.rate * alive);
      return {
        text:
          `Pruning zeroed the ${Math.round(config.rate * 100)}% smallest remaining weights: ${count(zeroed)} of ` +
          `${count(alive)} still alive (${count(model.prunableParams)} prunable in all). ` +
          `About ${percent(1 - (alive - zeroed) / model.prunableParams)} of the prunable weights are now zero.`,
        chart: "Mask heatmap",
      };
    }
    case "refilling":
      return {
        text:
          `Refill ranked every group by the ${config.criteria} criterion and kept the most important ones whole, ` +
          "refilling their pruned weights; the other groups are marked to be cut.",
        chart: "Group importance",
      };
    case "evaluating":
      return {
        text: "Evaluation measured the test accuracy twice: under the trained mask, and after a hard cut of every group outside the refill mask.",
        chart: "Accuracy vs sparsity",
      };
    case "rewinding": {
      if (!record)
        return { text: "Rewinding reset the weights to the starting point.", chart: "Accuracy vs sparsity" };
      return {
        text:
          `Iteration ${record.index + 1} ended at ${percent(record.testAccUnstructured)} test accuracy with ` +
          `${percent(record.trainedSparsity)} of the weights zero, and ${percent(record.testAccStructured)} after the hard cut ` +
          `(${percent(record.structuredSparsity)} zero). ${weakestGroups(record)}` +
          `The weights were rewound to the ${config.init === "pretrained" ? "pretrained model" : "initialization"}; the next iteration trains under the new mask.`,
        chart: "Accuracy vs sparsity",
      };
    }
    case "finalizing": {
      const final = log.final;
      const epoch = moment.epoch;
      if (final) {
        return {
          text: `The final ticket (${percent(final.sparsity)} zero) reached ${percent(final.testAcc)}; untrained, the cut gave ${percent(final.testAccCut)}.`,
          chart: "Accuracy",
        };
      }
      return {
        text: epoch
          ? `The final ticket trained epoch ${epoch.epoch + 1} of ${config.finalEpochs}: test accuracy ${percent(epoch.testAcc)}.`
          : "The final ticket started training.",
        chart: "Accuracy",
      };
    }
  }
}

/** "Group set blocks.2.attn lost the most: heads 1 and 3 are under 40% dense. " */
function weakestGroups(record: IterationRecord): string {
  let weakest: { name: string; mean: number; low: number[] } | null = null;
  for (const [name, group] of Object.entries(record.groups)) {
    if (group.density.length === 0) continue;
    const mean = group.density.reduce((a, b) => a + b, 0) / group.density.length;
    if (!weakest || mean < weakest.mean) {
      const low = group.density.flatMap((d, i) => (d < 0.4 ? [i] : []));
      weakest = { name, mean, low };
    }
  }
  if (!weakest) return "";
  const kind = record.groups[weakest.name]!.kind;
  const lowText =
    weakest.low.length === 0
      ? `no ${kind} there is under 40% dense`
      : `${kind}s ${joinWords(weakest.low.map(String))} there are under 40% dense`;
  return `${weakest.name} lost the most (${percent(weakest.mean)} dense on average); ${lowText}. `;
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
