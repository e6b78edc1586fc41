/** Bad input from the user (exit code 2); the message names the offending key or file. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
