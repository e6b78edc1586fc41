// `npm run lab -- …`: run an experiment headless, list presets. Exit 0 done, 2 invalid input, 1 failed.
import { parseArgs } from "node:util";
import { errorMessage } from "../core/errorMessage";
import { listPresets } from "./commands/presets";
import { runCommand } from "./commands/run";
import { UsageError } from "./errors";

const USAGE = `usage:
  npm run lab -- run (--config FILE.json | --preset NAME) --out RUN.json
                     [--backend wasm|cpu] [--checkpoints DIR] [--data-file PATH]...
  npm run lab -- presets`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "presets") {
    listPresets(process.stdout);
    return 0;
  }
  if (command !== "run") {
    throw new UsageError(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  }
  let values: ReturnType<typeof parseRunArgs>;
  try {
    values = parseRunArgs(rest);
  } catch (error) {
    throw new UsageError(`${errorMessage(error)}\n${USAGE}`);
  }
  return runCommand(values);
}

function parseRunArgs(args: string[]) {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      config: { type: "string" },
      preset: { type: "string" },
      out: { type: "string" },
      backend: { type: "string", default: "wasm" },
      checkpoints: { type: "string" },
      "data-file": { type: "string", multiple: true },
    },
  });
  return {
    config: values.config,
    preset: values.preset,
    out: values.out,
    backend: values.backend,
    checkpoints: values.checkpoints,
    dataFiles: values["data-file"] ?? [],
  };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`pruning-lab: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(
        `pruning-lab: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    }
  },
);
