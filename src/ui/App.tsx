// The page: configuration on the left, the run and what it shows on the right.
import { lazy, Suspense, useEffect } from "react";
import { useLab } from "../store/appStore";
import { CompactionSummary } from "./CompactionSummary";
import { ConfigPanel } from "./ConfigPanel";
import { AccuracyChart } from "./charts/AccuracyChart";
import { LambdaChart } from "./charts/LambdaChart";
import { LossChart } from "./charts/LossChart";
import { PullChart } from "./charts/PullChart";
import { SparsityChart } from "./charts/SparsityChart";
import { DataPanel } from "./data/DataPanel";
import { GroupStrips } from "./groups/GroupStrips";
import { HeadHeatmap } from "./groups/HeadHeatmap";
import { HeadTimeline } from "./groups/HeadTimeline";
import { IterationSlider } from "./groups/IterationSlider";
import { Header } from "./Header";
import { AttentionMaps } from "./heads/AttentionMaps";
import { CriterionCheck } from "./heads/CriterionCheck";
import { PlayButton } from "./heads/PlayButton";
import { FirstVisitTour } from "./help/FirstVisitTour";
import { Glossary } from "./help/Glossary";
import { RunsPanel } from "./history/RunsPanel";
import { RunToolbar } from "./history/RunToolbar";
import { RunControls } from "./RunControls";
import { SweepForm } from "./sweep/SweepForm";

// The comparison of stored runs draws with recharts: loaded after the first paint, like the plots.
const CompareView = lazy(() => import("./history/CompareView").then((m) => ({ default: m.CompareView })));
const SweepView = lazy(() => import("./sweep/SweepView").then((m) => ({ default: m.SweepView })));

/** A user-timing mark set once the lab is first on the page (the perf test reads it). */
export const LAB_RENDERED_MARK = "pruning-lab:rendered";

export function App() {
  useEffect(() => {
    performance.mark(LAB_RENDERED_MARK);
  }, []);
  // The kinds of groups the running model has ("" before a run), to show only their views.
  const kinds = useLab((s) => s.run.log?.model.groups.map((group) => group.kind).join(",") ?? "");
  return (
    <div className="app">
      <a className="skip-link" href="#run-controls" data-testid="skip-to-controls">
        Skip to the run controls
      </a>
      <Header />
      <FirstVisitTour />
      <Glossary />
      <div className="layout">
        <ConfigPanel />
        <main className="results">
          <RunControls />
          <SweepForm />
          <CompactionSummary />
          <RunToolbar />
          <DataPanel />
          <section className="charts" aria-label="Charts">
            <LossChart />
            <AccuracyChart />
            <SparsityChart />
            <LambdaChart />
            <PullChart />
          </section>
          <section className="panel" aria-label="Structure">
            <div className="panel-head">
              <h2>Structure</h2>
              <IterationSlider />
              <PlayButton />
            </div>
            {(kinds === "" || kinds.includes("head")) && (
              <div className="heads">
                <div>
                  <h3>Attention heads: importance and survival</h3>
                  <HeadHeatmap />
                </div>
                <div>
                  <h3>When each head died</h3>
                  <HeadTimeline />
                </div>
              </div>
            )}
            {kinds !== "" && (
              <div className="inside-heads">
                {kinds.includes("head") && (
                  <div>
                    <h3>Where the class token looks (attention per head)</h3>
                    <AttentionMaps />
                  </div>
                )}
                <div>
                  <h3>Is the criterion right? Importance against ablation</h3>
                  <CriterionCheck />
                </div>
              </div>
            )}
            {kinds.includes("neuron") && (
              <div className="subpanel">
                <h3>MLP neurons per block (colour: importance; dark: removed)</h3>
                <GroupStrips kind="neuron" />
              </div>
            )}
            {kinds.includes("channel") && (
              <div className="subpanel">
                <h3>Conv channels per layer (colour: importance; dark: removed)</h3>
                <GroupStrips kind="channel" />
              </div>
            )}
          </section>
          <RunsPanel />
          <Suspense fallback={null}>
            <SweepView />
          </Suspense>
          <Suspense fallback={null}>
            <CompareView />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
