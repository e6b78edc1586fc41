// The cluster scripts run, not just parsed: bash runs them in a scratch folder with a stand-in
// `python` on PATH that records its arguments and the PRUNING_LAB_* environment, so each point
// is seen to get its own folder, run log path, sweep id, point name and lab config; the SLURM
// script runs only its task's point, and refuses a task it has none for.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSweepPoints } from "../../src/core/sweep";
import { clusterRunLogPath, clusterScripts } from "../../src/lib/clusterExport";

const ID = "0123abcd0123abcd";
const resolved = resolveSweepPoints({
  base: { preset: "tiny-vit-synthetic" },
  axes: { struct: ["refill", "rsst"], seed: [1, 2] },
});
if (!resolved.ok) throw new Error(resolved.errors.join("\n"));
const points = resolved.points;
// Made inside each test, not at load: Stryker credits a mutant only to the tests that run its code.
const exportScripts = () => clusterScripts({ id: ID, points });

interface Recorded {
  argv: string[];
  env: Record<string, string>;
}

/** Runs `script` with bash in a fresh folder; returns what each stand-in python call recorded. */
function run(script: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "pruning-lab-cluster-run-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const python = join(bin, "python");
  writeFileSync(
    python,
    `#!/usr/bin/env node
const fs = require("node:fs");
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("PRUNING_LAB_")));
fs.writeFileSync("calls/" + process.env.PRUNING_LAB_SWEEP_POINT + ".json", JSON.stringify({ argv: process.argv.slice(2), env }));
`,
  );
  chmodSync(python, 0o755);
  mkdirSync(join(dir, "calls"));
  writeFileSync(join(dir, "script.sh"), script);
  const result = spawnSync("bash", ["script.sh"], {
    cwd: dir,
    env: { PATH: `${bin}:${process.env.PATH}`, ...env },
    encoding: "utf8",
  });
  const calls: Record<string, Recorded> = {};
  for (const file of readdirSync(join(dir, "calls"))) {
    calls[file.replace(/\.json$/, "")] = JSON.parse(
      readFileSync(join(dir, "calls", file), "utf8"),
    ) as Recorded;
  }
  return { dir, status: result.status, stderr: result.stderr, calls };
}

describe("the shell script, run", () => {
  it("runs every point once, in a folder of its own, with the sweep's environment", () => {
    const { dir, status, calls } = run(exportScripts().shell);
    expect(status).toBe(0);
    expect(Object.keys(calls).sort()).toEqual(points.map((p) => p.name).sort());
    for (const point of points) {
      const call = calls[point.name]!;
      expect(call.env).toEqual({
        PRUNING_LAB_SWEEP: ID,
        PRUNING_LAB_SWEEP_POINT: point.name,
        PRUNING_LAB_RUN_LOG: `runs/sweep-${ID}/${point.name}.json`,
        PRUNING_LAB_CONFIG: JSON.stringify(point.config),
      });
      expect(clusterRunLogPath(ID, point)).toBe(call.env.PRUNING_LAB_RUN_LOG);
      expect(JSON.parse(call.env.PRUNING_LAB_CONFIG!)).toEqual(point.config);
      expect(existsSync(join(dir, `runs/sweep-${ID}/${point.name}`))).toBe(true);
      const saveDir = call.argv[call.argv.indexOf("--save_dir") + 1];
      expect(saveDir).toBe(`runs/sweep-${ID}/${point.name}`);
      expect(call.argv[call.argv.indexOf("--init") + 1]).toBe(`${saveDir}/init.pth.tar`);
      expect(call.argv[call.argv.indexOf("--seed") + 1]).toBe(String(point.config.seed));
      expect(call.argv[call.argv.indexOf("--struct") + 1]).toBe(point.config.struct);
      expect(call.argv[0]).toBe("main_imp_fillback.py");
    }
  });

  it("says in its header how the logs come back: the variables the commands set, and RunLogger", () => {
    const scripts = exportScripts();
    const { calls } = run(scripts.shell);
    const header = scripts.shell.split("\n").filter((line) => line.startsWith("#"));
    const named = new Set(
      [...header.join("\n").matchAll(/os\.environ\['(PRUNING_LAB_\w+)'\]/g)].map((m) => m[1]),
    );
    expect([...named].sort()).toEqual(Object.keys(calls[points[0]!.name]!.env).sort());
    expect(header[1]).toBe(`# Sweep ${ID}: 4 points, exported by Pruning Lab.`);
    expect(header.some((line) => line.includes("pruning_lab.RunLogger"))).toBe(true);
    expect(header.some((line) => line.includes("env.sweep"))).toBe(true);
    expect(header).toContain("# in the training script,");
    expect(header.some((line) => line.includes("(Import run log…, several files)"))).toBe(true);
    // The first point's mapping notes, each as a comment.
    const mapping = header.findIndex((line) => line.startsWith("# The lab's reference-command mapping"));
    expect(mapping).toBeGreaterThan(0);
    expect(header[mapping + 1]).toMatch(/^# {3}\S/);
  });
});

describe("the SLURM script, run", () => {
  it("runs only the point of its array task", () => {
    const { status, calls } = run(exportScripts().slurm, { SLURM_ARRAY_TASK_ID: "2" });
    expect(status).toBe(0);
    expect(Object.keys(calls)).toEqual([points[2]!.name]);
    expect(calls[points[2]!.name]?.env.PRUNING_LAB_SWEEP).toBe(ID);
  });

  it("refuses a task without a point, saying which, with exit status 2", () => {
    const { status, stderr, calls } = run(exportScripts().slurm, { SLURM_ARRAY_TASK_ID: "4" });
    expect(status).toBe(2);
    expect(stderr).toContain("no point for task 4");
    expect(calls).toEqual({});
  });

  it("names the job and its output by the sweep, and spans the tasks 0 to 3", () => {
    const lines = exportScripts().slurm.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "#!/usr/bin/env bash",
      `#SBATCH --job-name=pruning-lab-${ID}`,
      "#SBATCH --array=0-3",
      `#SBATCH --output=slurm-${ID}-%A_%a.out`,
    ]);
    expect(lines).toContain("set -u");
  });

  it("an empty sweep has one task (0) and no point, and no mapping notes", () => {
    const empty = clusterScripts({ id: ID, points: [] });
    expect(empty.slurm).toContain("#SBATCH --array=0-0\n");
    expect(empty.shell).not.toContain("reference-command mapping");
    expect(empty.shell).toContain(`# Sweep ${ID}: 0 points, exported by Pruning Lab.`);
  });
});
