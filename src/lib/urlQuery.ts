// The lab's state in the URL: ?preset=NAME&backend=NAME, plus any config key by its dotted
// name (?epochs=1&model.depth=2) to adjust the preset. The texts stay text here; the store
// reads each by the config's one codec (core/configText.ts, through configDraft.parseFieldText).

export interface UrlQuery {
  preset: string | null;
  /** [dotted config key, text] in the order they appear, `backend` included. */
  overrides: [string, string][];
}

export function parseUrlQuery(search: string): UrlQuery {
  const params = new URLSearchParams(search);
  const overrides: [string, string][] = [];
  for (const [key, value] of params) {
    if (key !== "preset") overrides.push([key, value]);
  }
  return { preset: params.get("preset"), overrides };
}
