// A sweep's points as lines across the swept keys and the final ticket's measures (an SVG:
// recharts has no parallel-coordinates chart). Hovering or focusing a line names its point;
// Enter or a click opens its run.
import { useState } from "react";
import type { ParallelLine, ParallelPlot } from "../../store/views/sweepParallel";
import { AXIS_STYLE } from "../charts/ChartCard";

const WIDTH = 960;
const HEIGHT = 220;
const TOP = 28;
const BOTTOM = 12;
const SIDE = 72;

interface Props {
  plot: ParallelPlot;
  colourOf: (value: string) => string;
  onOpen: (runId: string | null) => void;
}

export function ParallelCoordinates({ plot, colourOf, onOpen }: Props) {
  const [shown, setShown] = useState<ParallelLine | null>(null);
  if (plot.axes.length === 0) return null;
  const step = plot.axes.length > 1 ? (WIDTH - 2 * SIDE) / (plot.axes.length - 1) : 0;
  const xOf = (axis: number) => SIDE + axis * step;
  const yOf = (at: number) => TOP + (1 - at) * (HEIGHT - TOP - BOTTOM);
  const pathOf = (line: ParallelLine) =>
    line.at.map((at, axis) => `${axis === 0 ? "M" : "L"}${xOf(axis)},${yOf(at)}`).join(" ");

  return (
    <figure className="sweep-parallel" data-testid="sweep-parallel" data-lines={plot.lines.length}>
      <figcaption>
        <h3>Settings to the final ticket</h3>
        <p>One line per finished point; hover or focus a line to name it, Enter opens its run.</p>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        style={{ maxWidth: "100%", height: "auto" }}
        aria-label="Parallel coordinates of the sweep"
      >
        <rect width={WIDTH} height={HEIGHT} fill="#ffffff" />
        {plot.axes.map((axis, i) => (
          <g key={axis.key}>
            <line x1={xOf(i)} x2={xOf(i)} y1={yOf(0)} y2={yOf(1)} stroke="#9aa3ad" />
            <text x={xOf(i)} y={14} textAnchor="middle" fontWeight={600} {...AXIS_STYLE} fill="#1b1f24">
              {axis.label}
            </text>
          </g>
        ))}
        {plot.lines.map((line) => (
          // biome-ignore lint/a11y/useSemanticElements: an SVG path cannot be a <button>; it acts as one.
          <path
            key={line.name}
            d={pathOf(line)}
            fill="none"
            stroke={colourOf(line.colour)}
            strokeWidth={shown?.name === line.name ? 4 : 2}
            strokeOpacity={shown === null || shown.name === line.name ? 0.9 : 0.3}
            role="button"
            tabIndex={0}
            aria-label={line.label}
            data-testid="sweep-parallel-line"
            onMouseEnter={() => setShown(line)}
            onFocus={() => setShown(line)}
            onMouseLeave={() => setShown(null)}
            onBlur={() => setShown(null)}
            onClick={() => onOpen(line.runId)}
            onKeyDown={(event) => {
              if (event.key === "Enter" || event.key === " ") onOpen(line.runId);
            }}
          >
            <title>{line.label}</title>
          </path>
        ))}
        {plot.axes.map((axis, i) =>
          axis.ticks.map((tick) => (
            <text
              key={`${axis.key}-${tick.label}`}
              x={xOf(i) - 5}
              y={yOf(tick.at) + 4}
              textAnchor="end"
              stroke="#ffffff"
              strokeWidth={3}
              paintOrder="stroke"
              pointerEvents="none"
              {...AXIS_STYLE}
            >
              {tick.label}
            </text>
          )),
        )}
      </svg>
      <p className="sweep-parallel-tip" data-testid="sweep-parallel-tooltip" aria-live="polite">
        {shown ? shown.label : " "}
      </p>
      {plot.note && <p className="sweep-note">{plot.note}</p>}
    </figure>
  );
}
