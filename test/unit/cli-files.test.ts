// The paths a run writes: checked (and created) before training, and the run log's fallback
// when --out stops taking writes during the run.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/errors";
import { createLogFile } from "../../src/cli/logFile";
import { checkOutFile, checkOutFolder } from "../../src/cli/paths";
import type { RunLog } from "../../src/core/types";

const dir = mkdtempSync(join(tmpdir(), "pruning-lab-cli-files-"));
const LOG = { format: "pruning-lab.run", iterations: [] } as unknown as RunLog;

describe("checkOutFile (--out)", () => {
  it("creates the missing folders and leaves no file behind", () => {
    const out = join(dir, "new", "deeper", "run.json");
    checkOutFile("--out", out);
    expect(existsSync(join(dir, "new", "deeper"))).toBe(true);
    expect(existsSync(out)).toBe(false);
  });

  it("leaves a file that is there as it was", () => {
    const out = join(dir, "kept.json");
    writeFileSync(out, "earlier");
    checkOutFile("--out", out);
    expect(readFileSync(out, "utf8")).toBe("earlier");
  });

  it("refuses a folder, and a path that cannot be written, naming the flag and the path", () => {
    expect(() => checkOutFile("--out", dir)).toThrow(
      new UsageError(`--out: ${dir} is a folder; give the path of a file`),
    );
    expect(() => checkOutFile("--out", "/proc/run.json")).toThrow(
      /^--out: cannot write \/proc\/run\.json: E/,
    );
    const file = join(dir, "a-file");
    writeFileSync(file, "");
    expect(() => checkOutFile("--out", join(file, "run.json"))).toThrow(
      new RegExp(`^--out: cannot create the folder ${file} for ${file}/run.json: E`),
    );
  });
});

describe("checkOutFolder (--checkpoints)", () => {
  it("creates a missing folder and leaves no probe in it", () => {
    const folder = join(dir, "ckpt", "a");
    checkOutFolder("--checkpoints", folder);
    expect(existsSync(folder)).toBe(true);
    expect(existsSync(join(folder, `.pruning-lab-write-test-${process.pid}`))).toBe(false);
  });

  it("refuses a file, naming it", () => {
    const file = join(dir, "not-a-folder.json");
    writeFileSync(file, "{}");
    expect(() => checkOutFolder("--checkpoints", file)).toThrow(
      new UsageError(`--checkpoints: ${file} is a file, not a folder`),
    );
  });

  it("refuses a folder it cannot write in", () => {
    expect(() => checkOutFolder("--checkpoints", "/proc/self")).toThrow(
      /^--checkpoints: cannot write in \/proc\/self: E/,
    );
  });
});

describe("createLogFile", () => {
  const now = new Date("2026-01-02T03:04:05.678Z");
  const fallbackName = "pruning-lab-run-2026-01-02T03-04-05-678Z.json";

  it("writes --out while it can", () => {
    const out = join(dir, "log-ok.json");
    const warnings: string[] = [];
    const file = createLogFile(out, { warn: (m) => warnings.push(m), now });
    file.save(LOG);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(LOG);
    expect(file.path).toBe(out);
    expect(file.outFailure).toBeNull();
    expect(warnings).toEqual([]);
  });

  it("moves to a file in the working folder when --out fails, saying where, and stays there", () => {
    const cwd = mkdtempSync(join(dir, "cwd-"));
    const warnings: string[] = [];
    const file = createLogFile("/dev/full", { warn: (m) => warnings.push(m), cwd, now });
    file.save(LOG);
    file.save({ ...LOG, iterations: [] });
    const fallback = join(cwd, fallbackName);
    expect(JSON.parse(readFileSync(fallback, "utf8"))).toEqual(LOG);
    expect(file.path).toBe(fallback);
    expect(file.outFailure).toMatch(/^ENOSPC/);
    expect(warnings).toEqual([
      `cannot write the run log to /dev/full (${file.outFailure}); writing it to ${fallback} instead`,
    ]);
  });

  it("falls back to the temporary folder, then to nothing (the caller prints it)", () => {
    const tmp = mkdtempSync(join(dir, "tmp-"));
    const blocked = join(dir, "blocked");
    mkdirSync(join(blocked, fallbackName), { recursive: true });
    const toTmp = createLogFile(dir, { warn: () => {}, cwd: blocked, tmp, now });
    toTmp.save(LOG);
    expect(toTmp.path).toBe(join(tmp, fallbackName));
    expect(existsSync(join(tmp, fallbackName))).toBe(true);

    const warnings: string[] = [];
    const nowhere = createLogFile(dir, { warn: (m) => warnings.push(m), cwd: blocked, tmp: blocked, now });
    nowhere.save(LOG);
    expect(nowhere.path).toBeNull();
    expect(warnings).toHaveLength(3);
    expect(warnings[2]).toMatch(/either/);
  });
});
