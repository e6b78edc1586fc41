// Is the criterion right? Importance against the ablation Δloss of every group of one kind in
// the selected iteration, one colour per block, with Spearman's ρ; and the switch that colours
// the head heatmap by the criterion or by the ablation.
import { useMemo, useState } from "react";
import "./heads.css";
import type { GroupKind } from "../../core/types";
import { useLab } from "../../store/appStore";
import { iterationAt } from "../../store/views/groupViews";
import {
  agreementEntries,
  type CriterionPoint,
  criterionPoints,
  rhoUndefinedReason,
} from "../../store/views/headViews";
import { type HeatmapColouring, useHeatmapColouring } from "../../store/views/heatmapColouring";
import { number } from "../format";

const WIDTH = 320;
const HEIGHT = 200;
const PAD = 36;
const BLOCK_COLOURS = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#9467bd",
  "#ff7f0e",
  "#17becf",
  "#8c564b",
  "#e377c2",
];

function extent(values: number[]): [number, number] {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return high > low ? [low, high] : [low - 1, high + 1];
}

function rhoText(rho: number | null): string {
  return rho === null ? "ρ undefined" : `ρ = ${rho.toFixed(2)}`;
}

function Scatter({ points, rho }: { points: CriterionPoint[]; rho: number | null }) {
  const [xLow, xHigh] = extent(points.map((p) => p.importance));
  const [yLow, yHigh] = extent(points.map((p) => p.ablation));
  const x = (v: number) => PAD + ((v - xLow) / (xHigh - xLow)) * (WIDTH - 2 * PAD);
  const y = (v: number) => HEIGHT - PAD + ((yLow - v) / (yHigh - yLow)) * (HEIGHT - 2 * PAD);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`importance against ablation Δloss, ${rhoText(rho)}`}
    >
      <line x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} stroke="#9aa3af" />
      <line x1={PAD} y1={PAD} x2={PAD} y2={HEIGHT - PAD} stroke="#9aa3af" />
      <text x={WIDTH / 2} y={HEIGHT - 8} textAnchor="middle" fontSize={11}>
        importance ({number(xLow)} … {number(xHigh)})
      </text>
      <text
        x={10}
        y={HEIGHT / 2}
        fontSize={11}
        transform={`rotate(-90 10 ${HEIGHT / 2})`}
        textAnchor="middle"
      >
        ablation Δloss
      </text>
      {points.map((p) => (
        <circle
          key={`${p.set}-${p.index}`}
          className="criterion-point"
          cx={x(p.importance)}
          cy={y(p.ablation)}
          r={3.5}
          fill={BLOCK_COLOURS[p.block % BLOCK_COLOURS.length]}
        >
          <title>{`${p.set} #${p.index + 1}: importance ${number(p.importance)}, Δloss ${number(p.ablation)}`}</title>
        </circle>
      ))}
      <text x={WIDTH - PAD} y={PAD - 10} textAnchor="end" fontSize={13} data-testid="criterion-rho">
        {rhoText(rho)}
      </text>
    </svg>
  );
}

export function CriterionCheck() {
  const log = useLab((s) => s.run.log);
  const selected = useLab((s) => s.selectedIteration);
  const record = iterationAt(log, selected);
  const entries = agreementEntries(record);
  const [chosenKind, setChosenKind] = useState<GroupKind | null>(null);
  const kind = entries.find((entry) => entry.kind === chosenKind)?.kind ?? entries[0]?.kind ?? null;
  const points = useMemo(() => (kind ? criterionPoints(log, record, kind) : []), [log, record, kind]);
  const rho = entries.find((entry) => entry.kind === kind)?.rho ?? null;
  const why = rho === null && kind ? rhoUndefinedReason(log, record, kind) : null;
  const colouring = useHeatmapColouring((s) => s.colouring);
  const setColouring = useHeatmapColouring((s) => s.setColouring);
  const blocks = [...new Set(points.map((p) => p.block))].sort((a, b) => a - b);

  return (
    <div
      className="criterion-check"
      data-testid="criterion-check"
      data-points={points.length}
      data-rho={rho === null ? "" : rho}
    >
      {kind === null ? (
        <p className="chart-empty">
          After the first iteration, the criterion is checked against ablation here.
        </p>
      ) : (
        <>
          <fieldset className="criterion-kinds">
            <legend>Groups</legend>
            {entries.map((entry) => (
              <button
                key={entry.kind}
                type="button"
                aria-pressed={entry.kind === kind}
                onClick={() => setChosenKind(entry.kind)}
              >
                {entry.kind}s: {rhoText(entry.rho)}
              </button>
            ))}
          </fieldset>
          <Scatter points={points} rho={rho} />
          {why && (
            <p className="criterion-why" data-testid="criterion-rho-why">
              {why}
            </p>
          )}
          <p className="criterion-legend">
            {blocks.map((block) => (
              <span key={block} style={{ color: BLOCK_COLOURS[block % BLOCK_COLOURS.length] }}>
                ● {kind === "channel" ? `layer ${block + 1}` : `block ${block + 1}`}{" "}
              </span>
            ))}
          </p>
        </>
      )}
      <label className="criterion-colouring">
        Heatmap colour:{" "}
        <select
          data-testid="heatmap-colouring"
          value={colouring}
          onChange={(e) => setColouring(e.target.value as HeatmapColouring)}
        >
          <option value="criterion">criterion ({log?.config.criteria ?? "importance"})</option>
          <option value="ablation">ablation Δloss</option>
        </select>
      </label>
    </div>
  );
}
