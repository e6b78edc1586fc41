// What main.ts dispatches to: one subcommand of `npm run lab -- NAME …`.

/** Where a command writes: process.stdout and process.stderr, or a test's recorder. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CommandContext {
  /** --debug: stack traces with internal errors. */
  debug: boolean;
  stdout: Output;
  /** Progress, notes and errors; the CLI's own lines are written by `say`. */
  stderr: Output;
}

export interface Command {
  /** Its usage lines, indented under "usage:". */
  usage: string;
  /** Runs with the arguments after the command's name; resolves with the exit code. */
  run(args: string[], context: CommandContext): Promise<number>;
}

/** Writes one line of the CLI's own to stderr. */
export function say(context: Pick<CommandContext, "stderr">, message: string): void {
  context.stderr.write(`pruning-lab: ${message}\n`);
}
