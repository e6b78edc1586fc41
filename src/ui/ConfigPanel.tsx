// The left panel: preset, the grouped configuration form and its explanations.
import { PRESETS } from "../core/presets";
import { configActions, useLab } from "../store/appStore";
import { getAt } from "../store/configDraft";
import { ConfigField } from "./ConfigField";
import { FIELD_GROUPS } from "./configFields";
import { withDatasetChoices } from "./data/datasetField";

const PRESET_NAMES = Object.keys(PRESETS);

export function ConfigPanel() {
  const presetName = useLab((s) => s.presetName);
  const draft = useLab((s) => s.draft);
  const errors = useLab((s) => s.fieldErrors);
  const status = useLab((s) => s.run.status);
  const loadedDatasets = useLab((s) => s.datasets);
  const locked = status === "running" || status === "paused";
  const unplaced = Object.entries(errors).filter(
    ([key]) => !FIELD_GROUPS.some((group) => group.fields.some((field) => field.key === key)),
  );

  return (
    <aside className="config-panel">
      <div className="field field-wide">
        <label htmlFor="preset-select">Preset</label>
        <select
          id="preset-select"
          data-testid="preset-select"
          value={presetName ?? ""}
          disabled={locked}
          onChange={(e) => configActions.choosePreset(e.target.value)}
        >
          {presetName === null && <option value="">custom</option>}
          {PRESET_NAMES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        {presetName && <p className="field-explanation">{PRESETS[presetName]?.description}</p>}
      </div>
      {unplaced.map(([key, message]) => (
        <p key={key} className="field-error" data-testid={`field-error-${key}`} role="alert">
          {message}
        </p>
      ))}
      {FIELD_GROUPS.map((group) => (
        <fieldset
          key={group.title}
          className={group.title === "RSST" && draft.struct !== "rsst" ? "fieldset-inactive" : undefined}
        >
          <legend>{group.title}</legend>
          {group.title === "RSST" && draft.struct !== "rsst" && (
            <p className="field-explanation">Used only when the method is rsst.</p>
          )}
          {group.fields
            .filter((field) => field.when?.(draft) ?? true)
            .map((field) => (
              <ConfigField
                key={field.key}
                spec={
                  field.key === "dataset"
                    ? withDatasetChoices(
                        field,
                        loadedDatasets.map((dataset) => dataset.name),
                        draft.dataset,
                      )
                    : field
                }
                value={getAt(draft, field.key)}
                error={errors[field.key]}
                hint={field.hint}
                disabled={locked}
                onChange={configActions.setField}
              />
            ))}
        </fieldset>
      ))}
    </aside>
  );
}
