// What the current (or last) run trains on, as its run log's env records it.
import { useLab } from "../../store/appStore";

export function RunDataLine() {
  const env = useLab((s) => s.run.log?.env);
  const active = useLab((s) => s.run.status === "running" || s.run.status === "paused");
  if (!env || env.datasetName === undefined) return null;
  const shape = String(env.datasetShape ?? "").replaceAll("x", "×");
  return (
    <p className="field-explanation run-dataset" data-testid="run-dataset">
      {active ? "The run trains on" : "The last run trained on"} <strong>{String(env.datasetName)}</strong>:{" "}
      {shape} images, {String(env.datasetClasses)} classes
      {env.datasetHash !== undefined && (
        <>
          , content hash <code data-testid="run-dataset-hash">{String(env.datasetHash)}</code>
        </>
      )}
      .
    </p>
  );
}
