// `npm run lab -- run --data-file …` as a user runs it: a generated CIFAR-10 batch trains to a
// run log (and checkpoints whose model input is 32×32×3 with 10 classes); a malformed file
// exits 2 naming the file.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRunLog } from "../../src/core/io/runlog-schema";
import { decodeSafetensors } from "../../src/core/io/safetensors";
import { CIFAR_RECORD, cifarBatch } from "./dataset-fixtures";

const dir = mkdtempSync(join(tmpdir(), "pruning-lab-dataset-cli-"));

function lab(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stderr: result.stderr };
}

function write(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** A one-block ViT with 8×8 patches, one iteration of one epoch. */
const ONE_ITERATION_VIT = {
  arch: "vit",
  model: { depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 8 },
  epochs: 1,
  pruningTimes: 1,
};

const config = write(
  "cifar.json",
  JSON.stringify({
    ...ONE_ITERATION_VIT,
    trainSize: 60,
    testSize: 20,
    batchSize: 20,
    struct: "refill",
  }),
);

describe("npm run lab with --data-file", () => {
  it("trains on a CIFAR-10 batch: the run log names cifar10 and the model takes 32×32×3 images, 10 classes", () => {
    const train = write("data_batch_1.bin", cifarBatch(60));
    const test = write("test_batch.bin", cifarBatch(20));
    const out = join(dir, "run.json");
    const checkpoints = join(dir, "ckpt");
    const { code, stderr } = lab(
      "run",
      ...["--config", config, "--out", out, "--checkpoints", checkpoints],
      ...["--data-file", train, "--data-file", test],
    );
    expect(stderr).toContain("wrote");
    expect(code).toBe(0);
    const parsed = parseRunLog(readFileSync(out, "utf8"));
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    expect(parsed.log.config.dataset).toBe("cifar10");
    expect(parsed.log.iterations).toHaveLength(1);

    // Patch embedding [E, C, p, p] = [8, 3, 8, 8]; (32/8)² = 16 patches + the class token; 10 logits.
    const { tensors } = decodeSafetensors(
      new Uint8Array(readFileSync(join(checkpoints, "iter-0.safetensors"))),
    );
    expect(tensors["patch_embed.proj.weight"]?.shape).toEqual([8, 3, 8, 8]);
    expect(tensors.pos_embed?.shape).toEqual([1, 17, 8]);
    expect(tensors["head.weight"]?.shape).toEqual([10, 8]);
  });

  it("takes the files' sizes when the config gives none, saying so", () => {
    const unsized = write(
      "unsized.json",
      JSON.stringify({ ...ONE_ITERATION_VIT, batchSize: 100, finalTrain: "none" }),
    );
    // CIFAR files are known by their names: these go in a folder of their own.
    mkdirSync(join(dir, "600"));
    const train = write("600/data_batch_1.bin", cifarBatch(600));
    const test = write("600/test_batch.bin", cifarBatch(100));
    const out = join(dir, "unsized-run.json");
    const { code, stderr } = lab(
      "run",
      ...["--config", unsized, "--out", out, "--data-file", train, "--data-file", test],
    );
    expect(stderr).toContain("pruning-lab: trainSize follows the data: 600 (all the files hold)");
    expect(stderr).toContain("pruning-lab: testSize follows the data: 100 (all the files hold)");
    expect(code).toBe(0);
    const log = JSON.parse(readFileSync(out, "utf8"));
    expect(log.config).toMatchObject({ dataset: "cifar10", trainSize: 600, testSize: 100 });
  });

  it("exits 2 naming a file that is not whole records", () => {
    const broken = write("data_batch_2.bin", cifarBatch(3).subarray(0, 3 * CIFAR_RECORD - 1));
    const { code, stderr } = lab(
      "run",
      "--config",
      config,
      "--out",
      join(dir, "never.json"),
      "--data-file",
      broken,
    );
    expect(code).toBe(2);
    expect(stderr).toContain("data_batch_2.bin: 9,218 bytes is not a whole number of 3,073-byte records");
  });
});
