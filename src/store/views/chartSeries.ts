// The rows the charts draw, derived from the run log, the live steps and the configuration.
import { rsstLambda } from "../../core/prune/schedule";
import type { ExperimentConfig, FinalTrain, RunLog } from "../../core/types";
import type { LivePoint } from "../runState";

/** Keeps at most `max` (≥ 2) points, evenly spaced, always with the first and the last. */
export function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const stride = Math.ceil(points.length / (max - 1));
  const kept = points.filter((_, i) => i % stride === 0);
  const last = points.at(-1);
  if (last !== undefined && kept.at(-1) !== last) kept.push(last);
  return kept;
}

export interface AccuracyPoint {
  /** 1-based iteration, or "final" for the final ticket. */
  iteration: number | "final";
  /** Sparsity of exactly the weights the accuracy was measured on, in %. */
  sparsity: number;
  /** Test accuracy, in %. */
  accuracy: number;
  /** Which weights, under which mask: the tooltip says it. */
  measuredOn: string;
}

/** The accuracy chart's three series, each point at the sparsity of the weights it measured. */
export interface AccuracySeries {
  /** Iteration k's trained weights under the mask it trained with, at trainedSparsity. */
  unstructured: AccuracyPoint[];
  /** The same weights with every group outside R cut (the hard cut), at structuredSparsity. */
  structured: AccuracyPoint[];
  /** The trained final ticket, at its mask's sparsity: the run's result. */
  final: AccuracyPoint[];
}

export function accuracySeries(log: RunLog | null): AccuracySeries {
  const iterations = log?.iterations ?? [];
  const final = log?.final;
  return {
    unstructured: iterations.map((it) => ({
      iteration: it.index + 1,
      sparsity: 100 * it.trainedSparsity,
      accuracy: 100 * it.testAccUnstructured,
      measuredOn: `iteration ${it.index + 1}: the weights as trained, under the mask they trained with`,
    })),
    structured: iterations.map((it) => ({
      iteration: it.index + 1,
      sparsity: 100 * it.structuredSparsity,
      accuracy: 100 * it.testAccStructured,
      measuredOn: `iteration ${it.index + 1}: the same weights, groups outside the new structure cut, nothing re-filled`,
    })),
    final: final
      ? [
          {
            iteration: "final",
            sparsity: 100 * final.sparsity,
            accuracy: 100 * final.testAcc,
            measuredOn: finalMeasuredOn(final.finalTrain),
          },
        ]
      : [],
  };
}

function finalMeasuredOn(finalTrain: FinalTrain): string {
  if (finalTrain === "rewind") return "final ticket: the final mask retrained from the rewind point";
  if (finalTrain === "finetune")
    return "final ticket: the last trained weights cut to the final mask, fine-tuned";
  return "final ticket: the last trained weights cut to the final mask, untrained";
}

export interface SparsityRows {
  /** Per iteration: "iteration", "overall", "structured" and one key per prunable layer, in %. */
  rows: Record<string, number>[];
  layers: string[];
}

export function sparsityRows(log: RunLog | null): SparsityRows {
  const iterations = log?.iterations ?? [];
  const layers = Object.keys(iterations[0]?.sparsity.layers ?? {});
  const rows = iterations.map((it) => {
    const row: Record<string, number> = {
      iteration: it.index + 1,
      overall: 100 * it.sparsity.overall,
      structured: 100 * it.structuredSparsity,
    };
    for (const layer of layers) row[layer] = 100 * (it.sparsity.layers[layer] ?? 0);
    return row;
  });
  return { rows, layers };
}

export interface LambdaPoint {
  step: number;
  /** λ measured at this step, if it has been trained. */
  lambda?: number;
  /** λ the schedule gives at this step. */
  schedule?: number;
}

/** The λ rows of a run without λ: one array, so a chart given it again does not redraw. */
const NO_LAMBDA: LambdaPoint[] = [];

/** Whether iteration `iteration` trains with RSST's pull (iteration 0 never does). */
export function regularizes(config: ExperimentConfig | null, iteration: number): boolean {
  return config?.struct === "rsst" && iteration > 0;
}

/**
 * The λ chart's rows for the iteration in progress: for RSST, the schedule's whole curve
 * (thinned), merged with the λ measured at the steps trained so far when this iteration
 * regularizes (iteration 0 does not, so it shows the curve the later ones will follow).
 */
export function lambdaPoints(
  config: ExperimentConfig | null,
  stepsPerEpoch: number,
  live: LivePoint[],
  iteration: number,
  maxPoints = 240,
): LambdaPoint[] {
  if (config?.struct !== "rsst" || stepsPerEpoch <= 0) return NO_LAMBDA;
  const steps = config.epochs * stepsPerEpoch;
  const scheduleAt = (step: number) =>
    rsstLambda(config.rstSchedule, config.regGranularityPrune, config.exponents, step, steps);
  const byStep = new Map<number, LambdaPoint>();
  const stride = Math.max(1, Math.ceil(steps / maxPoints));
  for (let step = 0; step < steps; step += stride) byStep.set(step, { step, schedule: scheduleAt(step) });
  byStep.set(steps - 1, { step: steps - 1, schedule: scheduleAt(steps - 1) });
  if (regularizes(config, iteration)) {
    for (const point of thin(live, maxPoints)) {
      byStep.set(point.step, { ...byStep.get(point.step), step: point.step, lambda: point.lambda });
    }
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}
