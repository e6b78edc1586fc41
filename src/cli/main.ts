// `npm run lab -- COMMAND …`: run an experiment headless, list presets. Exit 0 done, 2 invalid
// input (one line naming it), 1 failed: a diverged run, or an internal error (--debug: stack).
import type { Command, CommandContext } from "./command";
import { presetsCommand } from "./commands/presets";
import { runCommand } from "./commands/run";
import { sweepCommand } from "./commands/sweep";
import { UsageError } from "./errors";
import { reportFailure } from "./failure";
import { didYouMean } from "./suggest";

/** The commands by name; a new one is one more entry. */
const COMMANDS: Record<string, Command> = {
  run: runCommand,
  presets: presetsCommand,
  sweep: sweepCommand,
};

const HELP = ["--help", "-h"];

function usage(commands: Command[]): string {
  const lines = commands.map((command) => `  ${command.usage}`).join("\n");
  return `usage:\n${lines}\n  (--debug with any command: stack traces for internal errors)\n`;
}

async function main(argv: string[], context: CommandContext): Promise<number> {
  const [name, ...args] = argv;
  const names = Object.keys(COMMANDS);
  if (name === undefined) throw new UsageError(`give a command: ${names.join(", ")} (--help for usage)`);
  if (HELP.includes(name) || name === "help") {
    context.stdout.write(usage(Object.values(COMMANDS)));
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const first = name.startsWith("-")
      ? "; the command comes first, e.g. `npm run lab -- run --preset NAME …`"
      : "";
    throw new UsageError(
      `unknown command "${name}"${didYouMean(name, names)}${first}; commands: ${names.join(", ")}`,
    );
  }
  if (args.some((arg) => HELP.includes(arg))) {
    context.stdout.write(usage([command]));
    return 0;
  }
  return command.run(args, context);
}

const argv = process.argv.slice(2);
const context: CommandContext = {
  debug: argv.includes("--debug"),
  stdout: process.stdout,
  stderr: process.stderr,
};
main(
  argv.filter((arg) => arg !== "--debug"),
  context,
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportFailure(error, context);
  },
);
