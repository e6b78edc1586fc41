import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveSweepPoints } from "../../src/core/sweep";
import { clusterPointCommand, clusterScripts } from "../../src/lib/clusterExport";

const resolved = resolveSweepPoints({
  base: { preset: "tiny-vit-synthetic" },
  axes: { struct: ["refill", "rsst"], seed: [1, 2] },
});
if (!resolved.ok) throw new Error(resolved.errors.join("\n"));
const points = resolved.points;
// Made inside each test, not at load: Stryker credits a mutant only to the tests that run its code.
const exportScripts = () => clusterScripts({ id: "0123abcd0123abcd", points });

function bashAccepts(script: string): boolean {
  const path = join(mkdtempSync(join(tmpdir(), "pruning-lab-cluster-")), "script.sh");
  writeFileSync(path, script);
  return spawnSync("bash", ["-n", path]).status === 0;
}

describe("export for a cluster", () => {
  it("writes one reference command per point, each with its own save dir, seed and run log", () => {
    const scripts = exportScripts();
    const commands = scripts.shell
      .split("\n")
      .filter((line) => line.startsWith("mkdir -p runs/sweep-0123abcd0123abcd/"));
    expect(commands).toHaveLength(4);
    expect(commands[3]).toContain("python main_imp_fillback.py --arch vit_tiny");
    expect(commands[3]).toContain("--struct rsst");
    expect(commands[3]).toContain("--seed 2");
    expect(commands[3]).toContain("--save_dir runs/sweep-0123abcd0123abcd/3-struct=rsst-seed=2 ");
    expect(commands[3]).toContain(
      "PRUNING_LAB_RUN_LOG=runs/sweep-0123abcd0123abcd/3-struct=rsst-seed=2.json",
    );
    expect(commands[0]).toContain("--struct refill");
    expect(commands[0]).toContain("--seed 1");
    expect(scripts.shell).toContain("pruning_lab.RunLogger");
  });

  it("carries the point's lab config, quoted for the shell", () => {
    const line = clusterPointCommand("id", points[1]!);
    const quoted = /PRUNING_LAB_CONFIG='([^']*)'/.exec(line);
    expect(JSON.parse(quoted![1]!)).toEqual(points[1]!.config);
  });

  it("makes a SLURM array of exactly the points, one case per task", () => {
    const scripts = exportScripts();
    expect(scripts.slurm).toContain("#SBATCH --array=0-3\n");
    for (let task = 0; task < 4; task++) expect(scripts.slurm).toContain(`  ${task}) # point ${task}: `);
    expect(scripts.slurm).not.toContain("  4) ");
  });

  it("writes scripts bash can parse", () => {
    const scripts = exportScripts();
    expect(bashAccepts(scripts.shell)).toBe(true);
    expect(bashAccepts(scripts.slurm)).toBe(true);
  });
});
