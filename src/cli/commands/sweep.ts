// `sweep`: every point of a sweep file as a normal `run` in its own child process, N at once.
// Each point writes DIR/<point>.json (and, with --checkpoints, DIR/<point>/); DIR/sweep.json is
// rewritten as points finish. Points whose run log finished with their config are kept, so a
// sweep started again on the same DIR runs only the rest. Exit 0 all done, 1 any failed.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { errorMessage } from "../../core/errorMessage";
import { parseRunLog } from "../../core/io/runlog-schema";
import {
  buildSweepResult,
  formatDuration,
  outcomeOfRunLog,
  type PointOutcome,
  readSweepSpec,
  resolveSweepPoints,
  runPool,
  type SweepPoint,
  type SweepSpec,
  sweepEtaSeconds,
  sweepId,
} from "../../core/sweep";
import type { Command, CommandContext } from "../command";
import { UsageError } from "../errors";

const SWEEP_USAGE =
  "npm run lab -- sweep --config SWEEP.json --out DIR [--jobs N] [--backend wasm|cpu] [--checkpoints]";

export const sweepCommand: Command = {
  usage: SWEEP_USAGE,
  run: (args, context) => runSweep(args, context),
};

interface SweepArgs {
  config: string;
  out: string;
  jobs: number;
  backend: string;
  checkpoints: boolean;
}

const MAIN_SCRIPT = fileURLToPath(new URL("../main.ts", import.meta.url));

async function runSweep(argv: string[], context: CommandContext): Promise<number> {
  const args = parseSweepArgs(argv);
  const spec = readSpecFile(args.config);
  const resolved = resolveSweepPoints(spec);
  if (!resolved.ok) {
    throw new UsageError(
      `invalid sweep (${args.config}):\n${resolved.errors.map((e) => `  ${e}`).join("\n")}`,
    );
  }
  const points = resolved.points;
  const id = sweepId(spec);
  mkdirSync(join(args.out, ".configs"), { recursive: true });

  const outcomes = new Map<string, PointOutcome>();
  for (const point of points) {
    const outcome = outcomeOfRunLog(readRunLog(join(args.out, `${point.name}.json`)), point);
    if (outcome.status === "done") outcomes.set(point.name, outcome);
  }
  const todo = points.filter((point) => !outcomes.has(point.name));
  const say = (message: string) => context.stderr.write(`pruning-lab: ${message}\n`);
  say(
    `sweep ${id}: ${points.length} points, ${points.length - todo.length} already done in ${args.out}, ` +
      `${todo.length} to run, ${args.jobs} at once`,
  );
  const writeSweep = () =>
    writeJsonAtomically(join(args.out, "sweep.json"), buildSweepResult(id, spec, points, outcomes));
  writeSweep();

  const durations: number[] = [];
  let settled = 0;
  await runPool(todo, args.jobs, async (point) => {
    const label = `[${point.index + 1}/${points.length} ${point.name}]`;
    say(`${label} started`);
    const startedAt = Date.now();
    const outcome = await runPoint(point, id, args, (line) => context.stderr.write(`${label} ${line}\n`));
    outcomes.set(point.name, outcome);
    durations.push((Date.now() - startedAt) / 1000);
    settled += 1;
    writeSweep();
    const left = todo.length - settled;
    const eta = sweepEtaSeconds(durations, left, args.jobs);
    const what =
      outcome.status === "done"
        ? `done: testAcc ${outcome.testAcc.toFixed(4)}, sparsity ${outcome.sparsity.toFixed(4)}`
        : `failed: ${outcome.status === "failed" ? outcome.error : "no final record"}`;
    say(
      `${label} ${what} (${formatDuration(durations.at(-1)!)}); overall ${settled}/${todo.length}` +
        (left > 0 && eta !== null ? `, ETA ${formatDuration(eta)}` : ""),
    );
  });

  const failed = points.filter((point) => outcomes.get(point.name)?.status !== "done");
  say(
    `wrote ${join(args.out, "sweep.json")}: ${points.length - failed.length}/${points.length} points done` +
      (failed.length > 0 ? `, failed: ${failed.map((p) => p.name).join(", ")}` : ""),
  );
  return failed.length > 0 ? 1 : 0;
}

/** Runs one point as `run` in a child process; its run log is then tagged with the sweep. */
function runPoint(
  point: SweepPoint,
  id: string,
  args: SweepArgs,
  echo: (line: string) => void,
): Promise<PointOutcome> {
  const configPath = join(args.out, ".configs", `${point.name}.json`);
  const logPath = join(args.out, `${point.name}.json`);
  writeFileSync(configPath, `${JSON.stringify(point.config, null, 2)}\n`);
  const runArgs = ["run", "--config", configPath, "--out", logPath, "--backend", args.backend];
  if (args.checkpoints) runArgs.push("--checkpoints", join(args.out, point.name));
  const child = spawn(process.execPath, ["--import", tsxLoader(), MAIN_SCRIPT, ...runArgs], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let lastError = "";
  let pending = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    const lines = (pending + chunk).split(/\r?\n|\r/);
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const text = line.trim();
      if (!text) continue;
      echo(text);
      if (/fail|error|invalid/i.test(text)) lastError ||= text.replace(/^pruning-lab: /, "");
    }
  });
  return new Promise((resolve) => {
    child.on("error", (error) => resolve({ status: "failed", error: errorMessage(error) }));
    child.on("close", (code) => {
      if (code !== 0) {
        resolve({ status: "failed", error: lastError || `the run exited with code ${code}` });
        return;
      }
      const outcome = tagRunLog(logPath, point, id);
      resolve(
        outcome.status === "pending"
          ? { status: "failed", error: "the run log has no final record" }
          : outcome,
      );
    });
  });
}

/** Adds env.sweep and env.sweepPoint to the point's run log, so an import can join it to its sweep. */
function tagRunLog(path: string, point: SweepPoint, id: string): PointOutcome {
  const log = readRunLog(path);
  if (!log) return { status: "failed", error: `cannot read the run log ${path}` };
  log.env = { ...log.env, sweep: id, sweepPoint: point.name };
  writeFileSync(path, `${JSON.stringify(log, null, 2)}\n`);
  return outcomeOfRunLog(log, point);
}

function readRunLog(path: string) {
  if (!existsSync(path)) return null;
  const parsed = parseRunLog(readFileSync(path, "utf8"));
  return parsed.ok ? parsed.log : null;
}

function tsxLoader(): string {
  try {
    return import.meta.resolve("tsx");
  } catch {
    return "tsx";
  }
}

function writeJsonAtomically(path: string, value: unknown): void {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temporary, path);
}

function readSpecFile(path: string): SweepSpec {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`--config: cannot read ${path} as JSON: ${errorMessage(error)}`);
  }
  const spec = readSweepSpec(parsed);
  if (!spec.ok)
    throw new UsageError(`invalid sweep file ${path}:\n${spec.errors.map((e) => `  ${e}`).join("\n")}`);
  return spec.spec;
}

function parseSweepArgs(argv: string[]): SweepArgs {
  let values: ReturnType<typeof readFlags>;
  try {
    values = readFlags(argv);
  } catch (error) {
    throw new UsageError(`${errorMessage(error)}\nusage: ${SWEEP_USAGE}`);
  }
  if (!values.config) throw new UsageError(`--config SWEEP.json is required\nusage: ${SWEEP_USAGE}`);
  if (!values.out) throw new UsageError(`--out DIR is required\nusage: ${SWEEP_USAGE}`);
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new UsageError(`--jobs: must be a positive integer, got "${values.jobs}"`);
  if (values.backend !== "wasm" && values.backend !== "cpu") {
    throw new UsageError(`--backend: must be wasm or cpu in Node, got "${values.backend}"`);
  }
  return {
    config: values.config,
    out: values.out,
    jobs,
    backend: values.backend,
    checkpoints: values.checkpoints,
  };
}

function readFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      config: { type: "string" },
      out: { type: "string" },
      jobs: { type: "string", default: "1" },
      backend: { type: "string", default: "wasm" },
      checkpoints: { type: "boolean", default: false },
    },
  }).values;
}
