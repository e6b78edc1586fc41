// Where the run log is written as the run goes. --out was checked before training, but a disk
// can fill up during it: then the log moves to a fallback file in the working folder (or the
// system's temporary folder), so that nothing trained is lost.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunLog } from "../core/types";
import { describeFsError } from "./fsError";

export interface LogFile {
  /** Writes the log to the first place that takes it, from the last one that did. */
  save(log: RunLog): void;
  /** Where the last save went; null when no place took it. */
  readonly path: string | null;
  /** Why --out could not be written, once it could not. */
  readonly outFailure: string | null;
}

export interface LogFileOptions {
  /** Told once, when the log leaves --out (or every place). */
  warn: (message: string) => void;
  cwd?: string;
  tmp?: string;
  now?: Date;
}

export function createLogFile(out: string, options: LogFileOptions): LogFile {
  const name = `pruning-lab-run-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, "-")}.json`;
  const places = [out, join(options.cwd ?? process.cwd(), name), join(options.tmp ?? tmpdir(), name)];
  let index = 0;
  let outFailure: string | null = null;
  return {
    save(log) {
      const text = `${JSON.stringify(log, null, 2)}\n`;
      while (index < places.length) {
        const place = places[index]!;
        try {
          writeFileSync(place, text);
          return;
        } catch (error) {
          const why = describeFsError(error);
          if (index === 0) outFailure = why;
          index += 1;
          const next = places[index];
          options.warn(
            next
              ? `cannot write the run log to ${place} (${why}); writing it to ${next} instead`
              : `cannot write the run log to ${place} either (${why})`,
          );
        }
      }
    },
    get path() {
      return places[index] ?? null;
    },
    get outFailure() {
      return outFailure;
    },
  };
}
