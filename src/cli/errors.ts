/** Bad input from the user (exit code 2); the message, one line, names the offending key, flag or path. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
