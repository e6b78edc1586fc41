/** The outcome of reading one file: a value, or what is wrong with it (without the file's name). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export const problem = (text: string): { ok: false; problem: string } => ({ ok: false, problem: text });
