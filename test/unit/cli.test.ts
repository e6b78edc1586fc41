// The CLI as a user runs it: a subprocess, its exit code, its files. Bad input: cli-bad-input.test.ts.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { parseRunLog } from "../../src/core/io/runlog-schema";
import { decodeSafetensors } from "../../src/core/io/safetensors";
import { ONE_BLOCK_VIT } from "./fixtures/configs";

const dir = mkdtempSync(join(tmpdir(), "pruning-lab-cli-"));

const TSX = pathToFileURL(resolve("node_modules/tsx/dist/loader.mjs")).href;
const MAIN = resolve("src/cli/main.ts");

function labIn(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", TSX, MAIN, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stderr: result.stderr, stdout: result.stdout };
}

const lab = (...args: string[]) => labIn(process.cwd(), ...args);

/** The one-block ViT trained for one epoch of two batches: a run of the CLI in seconds. */
const ONE_EPOCH_VIT = { ...ONE_BLOCK_VIT, batchSize: 32, epochs: 1 };

function configFile(name: string, config: Record<string, unknown>): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe("npm run lab", () => {
  it("runs a config, writes a run log that validates, and per-iteration checkpoints in PyTorch layout", () => {
    const config = configFile("tiny.json", {
      ...ONE_EPOCH_VIT,
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

  it("exits 1 when the run diverges, keeping the run log of the completed iterations", () => {
    const config = configFile("diverge.json", {
      ...ONE_EPOCH_VIT,
      trainSize: 256,
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
    expect(stderr).toMatch(
      /The training loss (became NaN|became Infinity|reached .*) at iteration 1, epoch 0/,
    );
    expect(stderr).toContain("reduce regGranularityPrune");
    expect(stderr).toContain(`the run log so far is in ${out}`);
    expect(stderr).not.toMatch(/^\s+at /m);
    const log = JSON.parse(readFileSync(out, "utf8"));
    expect(log.format).toBe("pruning-lab.run");
    expect(log.iterations).toHaveLength(1);
    expect(log.env.error).toMatch(/lower the learning rate/);
  });

  it("stops the issue's lr 1000 AdamW run, whose loss stays finite, at the step it passes the bound", () => {
    const config = configFile("lr1000.json", {
      arch: "vit",
      dataset: "mnist",
      trainSize: 512,
      testSize: 128,
      model: { depth: 1, embedDim: 32, numHeads: 4 },
      epochs: 1,
      pruningTimes: 2,
      lr: 1000,
      momentum: 0.9,
    });
    const out = join(dir, "lr1000-run.json");
    const { code, stderr } = lab("run", "--config", config, "--out", out);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /pruning-lab: the run failed: The training loss reached \S+ at iteration 0, epoch 0, step \d+, above the divergence bound of 2\.30e\+3\. The run diverged: lower the learning rate \(lr\), reduce regGranularityPrune, or switch the optimizer/,
    );
    expect(stderr).not.toContain("done in");
    const log = JSON.parse(readFileSync(out, "utf8"));
    expect(log.iterations).toEqual([]);
    expect(log.final).toBeNull();
    expect(log.env.error).toMatch(/^The training loss reached/);
  });

  it("keeps the run log in the working folder when --out fills up during the run, saying where", () => {
    const config = configFile("full.json", {
      ...ONE_EPOCH_VIT,
      pruningTimes: 1,
      finalTrain: "none",
    });
    const cwd = mkdtempSync(join(dir, "cwd-"));
    // /dev/full opens like any file (the check before training passes) and fails every write.
    const { code, stderr } = labIn(cwd, "run", "--config", config, "--out", "/dev/full");
    const [fallback] = readdirSync(cwd);
    expect(fallback).toMatch(/^pruning-lab-run-.*\.json$/);
    const path = join(cwd, fallback!);
    expect(stderr).toContain(
      `cannot write the run log to /dev/full (ENOSPC: no space left on device); writing it to ${path} instead`,
    );
    expect(stderr).toContain(`the run finished, but /dev/full could not be written`);
    expect(stderr).toContain(`its log is in ${path}`);
    expect(code).toBe(1);
    const parsed = parseRunLog(readFileSync(path, "utf8"));
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    expect(parsed.log.iterations).toHaveLength(1);
    expect(parsed.log.final).not.toBeNull();
  });
});
