// `run`: check everything a run needs (runPlan), then train it (runTraining, which loads
// TensorFlow.js: a mistyped flag is answered before that).
import { parseArgs } from "node:util";
import { describePull } from "../../core/prune/pullStrength";
import { type Command, say } from "../command";
import { checkFlags, type FlagOptions } from "../flags";
import { planRun } from "../runPlan";

const OPTIONS = {
  config: { type: "string" },
  preset: { type: "string" },
  out: { type: "string" },
  backend: { type: "string", default: "wasm" },
  checkpoints: { type: "string" },
  "data-file": { type: "string", multiple: true },
} as const satisfies FlagOptions;

export const runCommand: Command = {
  usage: `npm run lab -- run (--config FILE.json | --preset NAME) --out RUN.json
                     [--backend wasm|cpu] [--checkpoints DIR] [--data-file PATH]...`,
  async run(args, context) {
    checkFlags(args, OPTIONS);
    const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
    const plan = planRun(
      {
        config: values.config,
        preset: values.preset,
        out: values.out,
        backend: values.backend,
        checkpoints: values.checkpoints,
        dataFiles: values["data-file"] ?? [],
      },
      (message) => say(context, message),
    );
    if (plan.config.struct === "rsst") say(context, describePull(plan.config));
    const { runTraining } = await import("../runTraining");
    return runTraining(plan, context);
  },
};
