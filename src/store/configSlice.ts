// The config slice: the configuration being edited in the form, and its validation (against
// the datasets slice's loaded datasets when one of them is chosen).
import { configValueFromText } from "../core/configText";
import { PRESETS } from "../core/presets";
import type { ExperimentConfig } from "../core/types";
import type { UrlQuery } from "../lib/urlQuery";
import { type Draft, modelDefaults, presetDraft, setAt } from "./configDraft";
import { followDatasetSizes } from "./datasetFixes";
import { type LoadedDataset, validateWithDatasets } from "./datasetValidation";
import type { SliceCreator } from "./labState";

export const DEFAULT_PRESET = "pretrained-vit-mnist";

export interface ConfigActions {
  choosePreset(name: string): void;
  /** Sets one config key (dotted) to a value already of the right type, or unparsable text. */
  setField(key: string, value: unknown): void;
  /** Preselects the URL's preset, then applies its other keys over it. */
  applyUrl(query: UrlQuery): void;
  /** Puts a whole configuration (a shared link's, a stored run's) in the form, valid or not. */
  loadDraft(draft: Draft): void;
}

export interface ConfigSlice {
  presetName: string | null;
  draft: Draft;
  fieldErrors: Record<string, string>;
  /** The validated draft; null while any field is invalid. */
  config: ExperimentConfig | null;
  configActions: ConfigActions;
}

/** The draft with its validation against `datasets`: the part of the state a draft decides. */
export function validated(
  draft: Draft,
  datasets: readonly LoadedDataset[],
): Pick<ConfigSlice, "draft" | "fieldErrors" | "config"> {
  const validation = validateWithDatasets(draft, datasets);
  return { draft, fieldErrors: validation.errors, config: validation.config };
}

function initialPreset(): string | null {
  if (PRESETS[DEFAULT_PRESET]) return DEFAULT_PRESET;
  return Object.keys(PRESETS)[0] ?? null;
}

export const createConfigSlice: SliceCreator<ConfigSlice> = (set, get) => {
  const configActions: ConfigActions = {
    choosePreset(name) {
      const draft = presetDraft(name);
      if (draft) set({ presetName: name, ...validated(draft, get().datasets) });
    },

    setField(key, value) {
      let draft = setAt(get().draft, key, value);
      if (key === "arch" && value !== get().draft.arch) {
        draft = setAt(draft, "model", modelDefaults(value));
      }
      // A loaded dataset chosen: the sizes the user has not set follow its splits.
      const loaded = key === "dataset" ? get().datasets.find((d) => d.name === value) : undefined;
      if (loaded) {
        const { presetName } = get();
        draft = followDatasetSizes(draft, loaded, presetName ? presetDraft(presetName) : null);
      }
      set(validated(draft, get().datasets));
    },

    applyUrl(query) {
      if (query.preset) configActions.choosePreset(query.preset);
      let draft = get().draft;
      // Each key read as the config table types it (the codec the share link and form use).
      for (const [key, text] of query.overrides) draft = setAt(draft, key, configValueFromText(key, text));
      set(validated(draft, get().datasets));
    },

    loadDraft(draft) {
      set({ presetName: null, ...validated(draft, get().datasets) });
    },
  };

  const presetName = initialPreset();
  const draft = (presetName && presetDraft(presetName)) || {};
  return { presetName, ...validated(draft, []), configActions };
};
