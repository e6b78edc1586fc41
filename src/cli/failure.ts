// How an error that reaches the top ends the process: bad input is one line and exit 2; any
// other error is ours, says so, and shows its stack only with --debug (exit 1).
import { errorMessage } from "../core/errorMessage";
import { type CommandContext, say } from "./command";
import { UsageError } from "./errors";

export function reportFailure(error: unknown, context: CommandContext): number {
  if (error instanceof UsageError) {
    say(context, error.message);
    if (context.debug && error.stack) context.stderr.write(`${error.stack}\n`);
    return 2;
  }
  reportInternalError(error, context);
  return 1;
}

/** An error that no input explains: a bug, or the machine (a backend that fails, a full disk). */
export function reportInternalError(error: unknown, context: CommandContext, during = ""): void {
  say(context, `internal error${during}: ${errorMessage(error)}`);
  if (context.debug && error instanceof Error && error.stack) {
    context.stderr.write(`${error.stack}\n`);
  } else {
    say(context, "run again with --debug for the stack trace, and report it if the cause is not yours");
  }
}
