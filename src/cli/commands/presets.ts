import { PRESETS } from "../../core/presets";

export function listPresets(out: NodeJS.WriteStream): void {
  const width = Math.max(...Object.keys(PRESETS).map((name) => name.length));
  for (const [name, preset] of Object.entries(PRESETS)) {
    out.write(`${name.padEnd(width)}  ${preset.description}\n`);
  }
}
