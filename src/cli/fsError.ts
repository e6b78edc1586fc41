/** A file-system error as "EACCES: permission denied", without the path Node repeats after it. */
export function describeFsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const text = error.message.split(",")[0] ?? error.message;
  return code && !text.startsWith(code) ? `${code}: ${text}` : text;
}
