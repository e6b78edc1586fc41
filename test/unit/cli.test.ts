// The CLI as a user runs it: a subprocess, its exit code, its files.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRunLog } from "../../src/core/formats/runlog-schema";
import { decodeSafetensors } from "../../src/core/formats/safetensors";

const dir = mkdtempSync(join(tmpdir(), "pruning-lab-cli-"));

function lab(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stderr: result.stderr, stdout: result.stdout };
}

function configFile(name: string, config: Record<string, unknown>): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe("npm run lab", () => {
  it("runs a config, writes a run log that validates, and per-iteration checkpoints in PyTorch layout", () => {
    const config = configFile("tiny.json", {
      arch: "vit",
      dataset: "synthetic",
      model: { depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 },
      trainSize: 64,
      testSize: 32,
      batchSize: 32,
      epochs: 1,
      pruningTimes: 2,
      struct: "rsst",
    });
    const out = join(dir, "run.json");
    const checkpoints = join(dir, "ckpt");
    const { code, stderr } = lab("run", "--config", config, "--out", out, "--checkpoints", checkpoints);
    expect(stderr).toContain("iteration 1:");
    expect(code).toBe(0);
    const parsed = parseRunLog(readFileSync(out, "utf8"));
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    expect(parsed.log.iterations).toHaveLength(2);
    expect(parsed.log.env.backend).toBe("wasm");

    const { tensors } = decodeSafetensors(
      new Uint8Array(readFileSync(join(checkpoints, "iter-1.safetensors"))),
    );
    const qkv = tensors["blocks.0.attn.qkv.weight"]!;
    expect(qkv.shape).toEqual([24, 8]);
    expect(tensors["patch_embed.proj.weight"]!.shape).toEqual([8, 1, 4, 4]);
    const mask = tensors["mask.blocks.0.attn.qkv.weight"]!;
    expect(mask.dtype).toBe("U8");
    // Weights are saved as trained in iteration 1, i.e. under iteration 0's mask: wherever
    // iteration 1's pruned mask is 1, iteration 0's was too; zeros of the saved weights
    // include every entry iteration 0 pruned.
    const previous = decodeSafetensors(new Uint8Array(readFileSync(join(checkpoints, "iter-0.safetensors"))));
    const maskBefore = previous.tensors["mask.blocks.0.attn.qkv.weight"]!.data;
    for (let i = 0; i < mask.data.length; i++) {
      if (maskBefore[i] === 0) expect(Math.abs(qkv.data[i]!)).toBe(0);
      if (mask.data[i] === 1) expect(maskBefore[i]).toBe(1);
    }
    expect(tensors["refill.blocks.0.mlp.fc1.weight"]!.shape).toEqual([16, 8]);
  });

  it("exits 2 and names the key for an invalid config", () => {
    const config = configFile("bad.json", { rate: 1.5 });
    const { code, stderr } = lab("run", "--config", config, "--out", join(dir, "never.json"));
    expect(code).toBe(2);
    expect(stderr).toMatch(/rate: .*1\.5/);
  });

  it("exits 2 for an unknown preset, listing the known ones", () => {
    const { code, stderr } = lab("run", "--preset", "huge", "--out", join(dir, "never.json"));
    expect(code).toBe(2);
    expect(stderr).toContain("tiny-vit-synthetic");
  });

  it("exits 2 naming the file when the config is not JSON", () => {
    const path = join(dir, "broken.json");
    writeFileSync(path, "{ rate: ");
    const { code, stderr } = lab("run", "--config", path, "--out", join(dir, "never.json"));
    expect(code).toBe(2);
    expect(stderr).toContain("broken.json is not valid JSON");
  });

  it("exits 1 when the run diverges, keeping the run log so far", () => {
    const config = configFile("diverge.json", {
      arch: "vit",
      dataset: "synthetic",
      model: { depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 },
      trainSize: 256,
      testSize: 32,
      batchSize: 32,
      epochs: 1,
      pruningTimes: 2,
      optimizer: "sgd",
      momentum: 0,
      lr: 0.01,
      warmup: 0,
      // RSST's pull of λ·w with lr·λ ≫ 2 overshoots and grows the pulled weights without bound.
      struct: "rsst",
      regGranularityPrune: 1e9,
      rstSchedule: "x",
    });
    const out = join(dir, "diverged.json");
    const { code, stderr } = lab("run", "--config", config, "--out", out);
    expect(code).toBe(1);
    expect(stderr).toMatch(/loss became (NaN|Infinity)/);
    const log = JSON.parse(readFileSync(out, "utf8"));
    expect(log.format).toBe("pruning-lab.run");
    expect(log.iterations).toHaveLength(1);
    expect(log.env.error).toMatch(/lower the learning rate/);
  });
});
