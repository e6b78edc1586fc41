// The loaded datasets: a list to choose or forget them, and the one the form trains on (or
// the newest) in detail, with fixes for config keys that do not fit it yet.
import type { DatasetSummary } from "../../core/data/summary";
import { configActions, datasetActions, useLab } from "../../store/appStore";
import { ConfigFixes } from "./ConfigFixes";
import { DatasetSummaryView } from "./DatasetSummaryView";
import { PreviewGrid } from "./PreviewGrid";

export function KeptDatasets() {
  const datasets = useLab((s) => s.datasets);
  const restored = useLab((s) => s.datasetsRestored);
  const chosen = useLab((s) => s.draft.dataset);
  const locked = useLab((s) => s.run.status === "running" || s.run.status === "paused");
  const shown = datasets.find((dataset) => dataset.name === chosen) ?? datasets[0];

  if (!shown) {
    return restored ? (
      <p className="field-explanation">
        No dataset loaded yet: runs use the built-in {String(chosen)} data. Loaded files stay in this browser
        until you forget them.
      </p>
    ) : null;
  }
  return (
    <>
      <ul className="dataset-list" data-testid="dataset-list">
        {datasets.map((dataset) => (
          <DatasetListItem
            key={dataset.name}
            dataset={dataset}
            chosen={dataset.name === chosen}
            locked={locked}
          />
        ))}
      </ul>
      <div className="dataset-view">
        <DatasetSummaryView summary={shown} />
        <PreviewGrid summary={shown} />
      </div>
      {shown.name === chosen && <ConfigFixes dataset={shown} />}
    </>
  );
}

function DatasetListItem({
  dataset,
  chosen,
  locked,
}: {
  dataset: DatasetSummary;
  chosen: boolean;
  locked: boolean;
}) {
  return (
    <li className={chosen ? "dataset-chosen" : undefined} data-testid="dataset-item" data-name={dataset.name}>
      <strong>{dataset.name}</strong>
      <span className="field-explanation">{chosen ? "the next run trains on it" : "loaded, not chosen"}</span>
      {!chosen && (
        <button
          type="button"
          disabled={locked}
          onClick={() => configActions.setField("dataset", dataset.name)}
        >
          Use it
        </button>
      )}
      <button type="button" disabled={locked && chosen} onClick={() => datasetActions.forget(dataset.name)}>
        Forget
      </button>
    </li>
  );
}
