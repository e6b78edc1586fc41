// sweep-view's table: one row per point, sortable by any column; a click on a row opens its
// run, and the boxes pick points for the comparison view.
import { useMemo, useState } from "react";
import type { QueuedPoint } from "../../core/sweep";
import { percent } from "../format";

type SortKey = string;

interface Props {
  axes: string[];
  points: QueuedPoint[];
  pareto: boolean[];
  picked: ReadonlySet<string>;
  onPick: (runId: string) => void;
  onOpen: (runId: string | null) => void;
}

export function SweepTable({ axes, points, pareto, picked, onPick, onOpen }: Props) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: "point",
    descending: false,
  });
  const rows = useMemo(() => sortedRows(points, pareto, sort.key, sort.descending), [points, pareto, sort]);
  const header = (key: SortKey, label: string) => (
    <th>
      <button
        type="button"
        data-testid={`sweep-sort-${key}`}
        onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== "point" }))}
      >
        {label}
        {sort.key === key ? (sort.descending ? " ▾" : " ▴") : ""}
      </button>
    </th>
  );
  return (
    <table className="sweep-table" data-testid="sweep-table">
      <thead>
        <tr>
          <th>compare</th>
          {header("point", "#")}
          {axes.map((axis) => header(axis, axis))}
          {header("status", "status")}
          {header("testAcc", "test acc")}
          {header("sparsity", "sparsity")}
          {header("mflops", "MFLOPs")}
          {header("pareto", "Pareto")}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ point, onFront }) => (
          <tr
            key={point.name}
            data-testid="sweep-row"
            data-pareto={onFront}
            onClick={() => onOpen(point.runId)}
            title={point.error ?? (point.runId ? "Open this point's run" : "")}
          >
            <td>
              {point.runId && (
                <input
                  type="checkbox"
                  data-testid="sweep-pick"
                  aria-label={`Compare ${point.name}`}
                  checked={picked.has(point.runId)}
                  onClick={(event) => event.stopPropagation()}
                  onChange={() => point.runId && onPick(point.runId)}
                />
              )}
            </td>
            <td>{point.index}</td>
            {axes.map((axis) => (
              <td key={axis}>{String(point.values[axis] ?? "")}</td>
            ))}
            <td>{point.status}</td>
            <td>{point.testAcc === null ? "" : percent(point.testAcc)}</td>
            <td>{point.sparsity === null ? "" : percent(point.sparsity)}</td>
            <td>{point.compactFlops == null ? "" : (point.compactFlops / 1e6).toFixed(2)}</td>
            <td>{onFront ? "✓" : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function sortedRows(
  points: readonly QueuedPoint[],
  pareto: readonly boolean[],
  key: SortKey,
  descending: boolean,
) {
  const rows = points.map((point, i) => ({ point, onFront: pareto[i] === true }));
  const value = (row: (typeof rows)[number]): string | number => {
    if (key === "point") return row.point.index;
    if (key === "status") return row.point.status;
    if (key === "testAcc") return row.point.testAcc ?? -1;
    if (key === "sparsity") return row.point.sparsity ?? -1;
    if (key === "mflops") return row.point.compactFlops ?? -1;
    if (key === "pareto") return row.onFront ? 1 : 0;
    const axisValue = row.point.values[key];
    return typeof axisValue === "number" ? axisValue : String(axisValue ?? "");
  };
  const sign = descending ? -1 : 1;
  return rows.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return (x < y ? -1 : x > y ? 1 : 0) * sign || a.point.index - b.point.index;
  });
}
