// A line chart drawn as plain SVG: grid, axes, one path per series, optional points, a legend and
// a hover readout. It replaces recharts on the lab's charts, whose every redraw (a store
// per chart, effects, text measured through the DOM) took 50–300 ms of the main thread here.
// Colours and fonts are attributes, not CSS, so the SVG alone draws the same (PNG export).
import { memo, useMemo, useState } from "react";
import { AXIS_STYLE } from "./ChartCard";
import { type Bound, lineGeometry, MARGIN, nearestRow, type Row, valueAt } from "./geometry";
import { useWidth } from "./useWidth";

export interface Series {
  key: string;
  name: string;
  color: string;
  strokeWidth?: number;
  dash?: string;
  opacity?: number;
  /** Draw a circle at every point, of this radius (and class, for tests and tools). */
  dot?: { r: number; className?: string };
  /** Listed in the legend and the hover readout (default true). */
  listed?: boolean;
}

export interface LineChartProps {
  rows: readonly Row[];
  xKey: string;
  series: readonly Series[];
  height: number;
  xDomain?: [Bound, Bound];
  yDomain?: [Bound, Bound];
  xIntegers?: boolean;
  formatX?: (value: number) => string;
  formatY?: (value: number) => string;
  /** The hover readout's heading for an x value, and its value format. */
  describeX?: (value: number) => string;
  formatValue?: (value: number) => string;
  legend?: boolean;
  label: string;
}

const GRID = "#eef0f3";
const AXIS_LINE = "#9aa5b4";
const LEGEND_HEIGHT = 22;
const OPEN: [Bound, Bound] = [null, null];
const plain = (value: number) => String(value);

function LineChartImpl(props: LineChartProps) {
  const { rows, xKey, series, height, legend = false } = props;
  const { formatX = plain, formatY = plain, describeX = formatX, formatValue = plain } = props;
  const [container, width] = useWidth<HTMLDivElement>();
  const [hovered, setHovered] = useState<number | null>(null);
  const svgHeight = legend ? height - LEGEND_HEIGHT : height;
  const keys = useMemo(() => series.map((s) => s.key), [series]);
  const geometry = useMemo(
    () =>
      width > 0
        ? lineGeometry({
            rows,
            xKey,
            seriesKeys: keys,
            width,
            height: svgHeight,
            xDomain: props.xDomain ?? OPEN,
            yDomain: props.yDomain ?? OPEN,
            xIntegers: props.xIntegers ?? false,
          })
        : null,
    [rows, xKey, keys, width, svgHeight, props.xDomain, props.yDomain, props.xIntegers],
  );
  const listed = series.filter((s) => s.listed !== false);
  const hoveredRow = hovered === null ? undefined : rows[hovered];
  const hoveredX = hoveredRow === undefined ? undefined : valueAt(hoveredRow, xKey);

  return (
    <div className="line-chart" ref={container} style={{ height }}>
      {geometry && (
        <svg
          className="chart-surface"
          width={width}
          height={svgHeight}
          role="img"
          aria-label={props.label}
          onPointerMove={(event) => {
            const left = event.currentTarget.getBoundingClientRect().left;
            setHovered(nearestRow(rows, xKey, geometry.x, event.clientX - left));
          }}
          onPointerLeave={() => setHovered(null)}
        >
          <g>
            {geometry.y.ticks.map((tick) => (
              <line
                key={`y${tick}`}
                x1={MARGIN.left}
                x2={width - MARGIN.right}
                y1={geometry.y.at(tick)}
                y2={geometry.y.at(tick)}
                stroke={GRID}
              />
            ))}
            {geometry.x.ticks.map((tick) => (
              <line
                key={`x${tick}`}
                x1={geometry.x.at(tick)}
                x2={geometry.x.at(tick)}
                y1={MARGIN.top}
                y2={svgHeight - MARGIN.bottom}
                stroke={GRID}
              />
            ))}
          </g>
          <g {...AXIS_STYLE}>
            <line
              x1={MARGIN.left}
              x2={width - MARGIN.right}
              y1={svgHeight - MARGIN.bottom}
              y2={svgHeight - MARGIN.bottom}
              stroke={AXIS_LINE}
            />
            <line
              x1={MARGIN.left}
              x2={MARGIN.left}
              y1={MARGIN.top}
              y2={svgHeight - MARGIN.bottom}
              stroke={AXIS_LINE}
            />
            {geometry.y.ticks.map((tick) => (
              <text key={`y${tick}`} x={MARGIN.left - 6} y={geometry.y.at(tick)} dy="0.32em" textAnchor="end">
                {formatY(tick)}
              </text>
            ))}
            {geometry.x.ticks.map((tick) => (
              <text
                key={`x${tick}`}
                x={geometry.x.at(tick)}
                y={svgHeight - MARGIN.bottom + 14}
                textAnchor="middle"
              >
                {formatX(tick)}
              </text>
            ))}
          </g>
          {series.map((s) => (
            <path
              key={s.key}
              d={geometry.paths[s.key]}
              fill="none"
              stroke={s.color}
              strokeWidth={s.strokeWidth ?? 2}
              strokeDasharray={s.dash}
              strokeOpacity={s.opacity}
              strokeLinejoin="round"
            />
          ))}
          {series.map(
            (s) =>
              s.dot && (
                <g key={`${s.key}-dots`} fill={s.color}>
                  {geometry.points[s.key]?.map((p) => (
                    <circle
                      key={`${p.x},${p.y}`}
                      className={s.dot?.className}
                      cx={p.x}
                      cy={p.y}
                      r={s.dot?.r}
                    />
                  ))}
                </g>
              ),
          )}
          {hoveredX !== undefined && (
            <line
              x1={geometry.x.at(hoveredX)}
              x2={geometry.x.at(hoveredX)}
              y1={MARGIN.top}
              y2={svgHeight - MARGIN.bottom}
              stroke={AXIS_LINE}
              strokeDasharray="3 3"
            />
          )}
        </svg>
      )}
      {hoveredRow && hoveredX !== undefined && geometry && (
        <div
          className="chart-tooltip"
          style={{ left: Math.min(geometry.x.at(hoveredX) + 10, Math.max(0, width - 170)) }}
        >
          <div className="chart-tooltip-title">{describeX(hoveredX)}</div>
          {listed.map((s) => {
            const value = valueAt(hoveredRow, s.key);
            return value === undefined ? null : (
              <div key={s.key} style={{ color: s.color }}>
                {s.name}: {formatValue(value)}
              </div>
            );
          })}
        </div>
      )}
      {legend && (
        <ul className="chart-legend">
          {listed.map((s) => (
            <li key={s.key} className="chart-legend-item">
              <svg width="14" height="8" aria-hidden="true">
                <line
                  x1="0"
                  x2="14"
                  y1="4"
                  y2="4"
                  stroke={s.color}
                  strokeWidth="2"
                  strokeDasharray={s.dash}
                />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Redraws only when its props change (the charts pass memoized rows and series). */
export const LineChart = memo(LineChartImpl);
