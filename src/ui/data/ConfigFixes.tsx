// One click to make the config fit the chosen dataset (patch size, image counts).

import { configActions, useLab } from "../../store/appStore";
import { fixesFor } from "../../store/datasetFixes";
import type { LoadedDataset } from "../../store/datasetValidation";

export function ConfigFixes({ dataset }: { dataset: LoadedDataset }) {
  const draft = useLab((s) => s.draft);
  const locked = useLab((s) => s.run.status === "running" || s.run.status === "paused");
  const fixes = fixesFor(draft, dataset);
  if (fixes.length === 0) return null;
  return (
    <div className="dataset-fixes" data-testid="dataset-fixes">
      <p>The configuration does not fit {dataset.name} yet:</p>
      <ul>
        {fixes.map((fix) => (
          <li key={fix.key}>
            {fix.reason}{" "}
            <button
              type="button"
              data-testid="dataset-fix"
              disabled={locked}
              onClick={() => configActions.setField(fix.key, fix.value)}
            >
              Set {fix.key} to {fix.value}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
