// The paths a run writes, checked before it trains: a run must not train for an hour and then
// find it cannot save. Folders that are missing are created; a failure names the flag and path.
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UsageError } from "./errors";
import { describeFsError } from "./fsError";

/** --out: a file that can be written, in a folder that exists (created here if missing). */
export function checkOutFile(flag: string, path: string): void {
  createFolder(flag, dirname(path), path);
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new UsageError(`${flag}: ${path} is a folder; give the path of a file`);
  }
  const existed = existsSync(path);
  try {
    // "a" writes nothing to a file that is there; one that was not is removed again.
    closeSync(openSync(path, "a"));
  } catch (error) {
    throw new UsageError(`${flag}: cannot write ${path}: ${describeFsError(error)}`);
  }
  if (!existed) rmSync(path, { force: true });
}

/** --checkpoints: a folder (created here if missing) that a file can be written in. */
export function checkOutFolder(flag: string, path: string): void {
  if (existsSync(path) && !statSync(path).isDirectory()) {
    throw new UsageError(`${flag}: ${path} is a file, not a folder`);
  }
  createFolder(flag, path, path);
  const probe = join(path, `.pruning-lab-write-test-${process.pid}`);
  try {
    writeFileSync(probe, "");
  } catch (error) {
    throw new UsageError(`${flag}: cannot write in ${path}: ${describeFsError(error)}`);
  } finally {
    rmSync(probe, { force: true });
  }
}

function createFolder(flag: string, folder: string, path: string): void {
  try {
    mkdirSync(folder || ".", { recursive: true });
  } catch (error) {
    const which = folder === path ? "" : ` for ${path}`;
    throw new UsageError(`${flag}: cannot create the folder ${folder}${which}: ${describeFsError(error)}`);
  }
}
