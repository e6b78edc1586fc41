// The parser's messages grouped under the file each one names, for listing per file.

export interface FileErrors {
  /** The file the messages name, or null for messages about the files together. */
  file: string | null;
  /** The messages, without the "name: " they start with. */
  problems: string[];
}

export function errorsByFile(errors: readonly string[], fileNames: readonly string[]): FileErrors[] {
  // Longest names first, so "data_batch_1.bin (1)" is not taken for "data_batch_1.bin".
  const names = [...fileNames].sort((a, b) => b.length - a.length);
  const groups = new Map<string | null, string[]>();
  for (const error of errors) {
    const file = names.find((name) => error.startsWith(`${name}: `) || error.startsWith(`${name} `)) ?? null;
    const problem = file !== null && error.startsWith(`${file}: `) ? error.slice(file.length + 2) : error;
    groups.set(file, [...(groups.get(file) ?? []), problem]);
  }
  return [...groups].map(([file, problems]) => ({ file, problems }));
}
