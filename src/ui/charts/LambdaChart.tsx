// RSST's λ over the steps of the iteration in progress, with the schedule's curve ahead.
import { useMemo } from "react";
import { describePull } from "../../core/prune/pullStrength";
import { useLab } from "../../store/appStore";
import type { LabState } from "../../store/labState";
import type { LivePoint } from "../../store/runState";
import { lambdaPoints, regularizes } from "../../store/views/chartSeries";
import { liveSummary } from "../../store/views/chartSummaries";
import { ChartCard, LIVE_CHART_INTERVAL_MS } from "./ChartCard";
import { usePlots } from "./usePlots";
import { useThrottledExperiment } from "./useThrottled";

const NO_STEPS: LivePoint[] = [];
/** The live steps only while they carry a λ worth drawing, so other runs do not redraw this chart. */
const selectLive = (state: LabState) =>
  regularizes(state.run.log?.config ?? null, state.run.liveIteration) ? state.run.live : NO_STEPS;

export function LambdaChart() {
  const plots = usePlots();
  const config = useLab((s) => s.run.log?.config ?? s.config);
  const live = useThrottledExperiment(selectLive, LIVE_CHART_INTERVAL_MS);
  const iteration = useLab((s) => s.run.liveIteration);
  const stepsPerEpoch = useLab((s) => s.run.progress.stepsPerEpoch);
  const points = useMemo(
    () => lambdaPoints(config, stepsPerEpoch, live, iteration),
    [config, stepsPerEpoch, live, iteration],
  );

  // A walk over the iteration's steps: once per config, not per live redraw.
  const pull = useMemo(() => (config?.struct === "rsst" ? describePull(config) : ""), [config]);
  let caption: string;
  if (config?.struct !== "rsst") caption = "RSST's pull toward zero on the weights the structure will drop.";
  else if (!regularizes(config, iteration)) {
    caption = `Iteration 1 trains without λ; from iteration 2 on, λ follows the faint curve. ${pull}`;
  } else {
    caption = `Iteration ${iteration + 1}: λ measured (solid) and the schedule's curve (faint). ${pull}`;
  }

  return (
    <ChartCard
      testId="chart-lambda"
      title="Regularization λ"
      caption={caption}
      points={points.length}
      measured={points.filter((point) => point.lambda !== undefined).length}
      summary={liveSummary(live, "lambda")}
      empty="Only RSST uses λ; this method trains without it."
    >
      {plots && <plots.LambdaPlot points={points} />}
    </ChartCard>
  );
}
