// RSST's pull at work beside λ: the mean |w| of the weights the structure will drop falls away
// from that of the weights it keeps as λ grows. Live steps while an RSST iteration trains;
// otherwise the selected iteration's epochs.
import { useMemo } from "react";
import { useLab } from "../../store/appStore";
import type { LabState } from "../../store/labState";
import type { LivePoint } from "../../store/runState";
import { pullSummary } from "../../store/views/chartSummaries";
import { iterationAt } from "../../store/views/groupViews";
import { epochPullPoints, livePullPoints } from "../../store/views/pullSeries";
import { ChartCard, LIVE_CHART_INTERVAL_MS } from "./ChartCard";
import { usePlots } from "./usePlots";
import { useThrottledExperiment } from "./useThrottled";

const NO_STEPS: LivePoint[] = [];
const selectLive = (state: LabState) => (state.run.log?.config.struct === "rsst" ? state.run.live : NO_STEPS);

export function PullChart() {
  const plots = usePlots();
  const log = useLab((s) => s.run.log);
  const selected = useLab((s) => s.selectedIteration);
  const stepsPerEpoch = useLab((s) => s.run.progress.stepsPerEpoch);
  const live = useThrottledExperiment(selectLive, LIVE_CHART_INTERVAL_MS);
  const livePoints = useMemo(() => livePullPoints(live), [live]);
  const record = iterationAt(log, selected);
  const epochPoints = useMemo(() => epochPullPoints(record, stepsPerEpoch), [record, stepsPerEpoch]);
  const showLive = livePoints.length > 0 && selected === null;
  const points = showLive ? livePoints : epochPoints;

  const caption = showLive
    ? "The iteration in progress: mean |w| of the pulled and the kept weights, with λ."
    : record
      ? `Iteration ${record.index + 1}, at the end of each epoch: pulled and kept mean |w|, with λ.`
      : "RSST pulls the weights outside the structure toward zero; their mean |w| appears here.";
  return (
    <ChartCard
      testId="chart-pull"
      title="RSST's pull"
      caption={caption}
      points={points.length}
      summary={pullSummary(points)}
      empty="Only RSST pulls weights, from its second iteration on."
    >
      {plots && <plots.PullPlot points={points} />}
    </ChartCard>
  );
}
