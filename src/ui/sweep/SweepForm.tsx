// The config form's sweep mode: axes over the form's config, the point count and an estimated
// duration before starting, and a confirmation past SWEEP_POINT_CAP points.
import { useMemo, useState } from "react";
import { queuedSweep, sweepId } from "../../core/sweep";
import { formatDuration } from "../../core/sweep/eta";
import { useLab } from "../../store/appStore";
import { sweepActions } from "../../store/sweepApp";
import { type AxisRow, axisKeys, measuredStepMs, planSweep, SWEEP_POINT_CAP } from "../../store/sweepDraft";
import "./sweep.css";

export function SweepForm() {
  const config = useLab((s) => s.config);
  const active = useLab((s) => s.run.status === "running" || s.run.status === "paused");
  const runs = useLab((s) => s.runs);
  const [rows, setRows] = useState<AxisRow[]>([{ key: "struct", text: "" }]);
  const [confirmed, setConfirmed] = useState(false);
  const msPerStep = useMemo(() => measuredStepMs(runs), [runs]);
  const loaded = useLab((s) => s.datasets);
  const plan = useMemo(() => {
    if (!config) return null;
    const imageShape = loaded.find((dataset) => dataset.name === config.dataset)?.shape;
    return planSweep(config, rows, msPerStep, imageShape ? { imageShape } : {});
  }, [config, rows, msPerStep, loaded]);
  const keys = useMemo(() => (config ? axisKeys(config) : []), [config]);
  const setRow = (index: number, row: AxisRow) =>
    setRows((all) => all.map((r, i) => (i === index ? row : r)));
  const overCap = plan?.ok === true && plan.points.length > SWEEP_POINT_CAP;

  const start = () => {
    if (!plan?.ok) return;
    const createdAt = new Date().toISOString();
    const id = `${sweepId(plan.spec)}-${Date.now().toString(36)}`;
    const name = `Sweep ${Object.keys(plan.spec.axes).join(" × ")}`;
    void sweepActions.add(queuedSweep(id, name, createdAt, plan.spec, plan.points));
    setConfirmed(false);
  };

  return (
    <details className="panel sweep-form" data-testid="sweep-mode">
      <summary>Sweep mode: run the form's config over several values of some keys</summary>
      {!config && <p className="field-error">Fix the highlighted fields first.</p>}
      {rows.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
        <div className="sweep-axis" key={index}>
          <select
            data-testid={`sweep-axis-key-${index}`}
            value={row.key}
            onChange={(event) => setRow(index, { ...row, key: event.target.value })}
          >
            {keys.map((key) => (
              <option key={key} value={key}>
                {key}
              </option>
            ))}
          </select>
          <input
            data-testid={`sweep-axis-values-${index}`}
            placeholder="values, separated by commas"
            value={row.text}
            onChange={(event) => setRow(index, { ...row, text: event.target.value })}
          />
          <button type="button" onClick={() => setRows((all) => all.filter((_, i) => i !== index))}>
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        data-testid="sweep-add-axis"
        onClick={() => setRows((all) => [...all, { key: "seed", text: "" }])}
      >
        Add an axis
      </button>
      {plan && !plan.ok && (
        <ul className="field-error" data-testid="sweep-errors">
          {plan.errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      {plan?.ok && (
        <p data-testid="sweep-plan">
          <span data-testid="sweep-point-count">{plan.points.length} points</span>, about{" "}
          <span data-testid="sweep-estimate">{formatDuration(plan.estimateSeconds)}</span> one after another (
          {msPerStep.toFixed(0)} ms a step, from the newest finished run or a guess).
        </p>
      )}
      {overCap && (
        <label className="sweep-confirm">
          <input
            type="checkbox"
            data-testid="sweep-confirm"
            checked={confirmed}
            onChange={(event) => setConfirmed(event.target.checked)}
          />{" "}
          Yes, run all {plan.points.length} points (more than {SWEEP_POINT_CAP}).
        </label>
      )}
      <button
        type="button"
        data-testid="sweep-start"
        disabled={!plan?.ok || active || (overCap && !confirmed)}
        onClick={start}
      >
        Start the sweep
      </button>
      {active && <span className="sweep-note"> A run is active: a sweep starts once it is over.</span>}
    </details>
  );
}
