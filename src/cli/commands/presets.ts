// `presets`: the names --preset takes, each with what it runs.
import { PRESETS } from "../../core/presets";
import type { Command } from "../command";
import { checkFlags } from "../flags";

export const presetsCommand: Command = {
  usage: "npm run lab -- presets",
  async run(args, context) {
    checkFlags(args, {});
    const width = Math.max(...Object.keys(PRESETS).map((name) => name.length));
    for (const [name, preset] of Object.entries(PRESETS)) {
      context.stdout.write(`${name.padEnd(width)}  ${preset.description}\n`);
    }
    return 0;
  },
};
