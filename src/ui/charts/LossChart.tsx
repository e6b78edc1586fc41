// Training loss per step of the iteration in progress, live.
import { useMemo } from "react";
import { useLab } from "../../store/appStore";
import type { LabState } from "../../store/labState";
import { thin } from "../../store/views/chartSeries";
import { liveSummary } from "../../store/views/chartSummaries";
import { ChartCard, LIVE_CHART_INTERVAL_MS } from "./ChartCard";
import { usePlots } from "./usePlots";
import { useThrottledExperiment } from "./useThrottled";

const selectLive = (state: LabState) => state.run.live;

export function LossChart() {
  const plots = usePlots();
  const live = useThrottledExperiment(selectLive, LIVE_CHART_INTERVAL_MS);
  const iteration = useLab((s) => s.run.liveIteration);
  // The loop reports the final ticket as the iteration after the last one.
  const pruningTimes = useLab((s) => s.run.log?.config.pruningTimes);
  const points = useMemo(() => thin(live, 400), [live]);
  return (
    <ChartCard
      testId="chart-loss"
      title="Training loss"
      caption={
        iteration === pruningTimes
          ? "Cross-entropy per step of the final ticket's training."
          : `Cross-entropy per step of iteration ${iteration + 1}.`
      }
      points={live.length}
      summary={liveSummary(live, "loss")}
      empty="The loss appears here once training starts."
    >
      {plots && <plots.LossPlot points={points} />}
    </ChartCard>
  );
}
