// `init: "pretrained"` on the CLI: the run starts from public/models, and a missing file is bad input.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { cliInitialWeights } from "../../src/cli/pretrainedInput";
import { resolveConfig } from "../../src/core/config";
import { parseRunLog } from "../../src/core/io/runlog-schema";
import { presetConfig } from "../../src/core/presets";

const TSX = pathToFileURL(resolve("node_modules/tsx/dist/loader.mjs")).href;
const MAIN = resolve("src/cli/main.ts");
const dir = mkdtempSync(join(tmpdir(), "pruning-lab-pretrained-"));
const vitModel = resolve("public/models/vit-mnist.safetensors");

describe("cliInitialWeights", () => {
  const resolved = resolveConfig(presetConfig("pretrained-vit-mnist"));
  if (!resolved.ok) throw new Error("preset invalid");
  const config = resolved.config;
  const mnistShape = { shape: [28, 28, 1] as [number, number, number], numClasses: 10 };

  it("is undefined for a run from scratch", () => {
    expect(cliInitialWeights({ ...config, init: "scratch" }, mnistShape)).toBeUndefined();
  });

  it("names the missing file and the command that makes it", () => {
    const missing = join(dir, "nothing.safetensors");
    expect(() => cliInitialWeights(config, mnistShape, missing)).toThrow(
      `init "pretrained": ${missing} is missing; \`npm run pretrain -- vit\` makes it`,
    );
  });
});

describe.skipIf(!existsSync(vitModel))("npm run lab with init pretrained", () => {
  it("starts from the pretrained ViT: ≥ 90% test accuracy after 2 steps on 256 digits", () => {
    // From scratch, 2 AdamW steps leave the ViT near chance (≈ 10–20%); the pretrained one is 93.65%.
    const configPath = join(dir, "pretrained.json");
    writeFileSync(
      configPath,
      JSON.stringify({
        ...presetConfig("pretrained-vit-mnist"),
        epochs: 1,
        pruningTimes: 1,
        trainSize: 256,
        testSize: 500,
        finalTrain: "none",
      }),
    );
    const out = join(dir, "run.json");
    const result = spawnSync(
      process.execPath,
      ["--import", TSX, MAIN, "run", "--config", configPath, "--out", out],
      {
        encoding: "utf8",
        timeout: 180_000,
      },
    );
    expect(result.stderr).toContain("wrote");
    expect(result.status).toBe(0);
    const parsed = parseRunLog(readFileSync(out, "utf8"));
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    expect(parsed.log.config.init).toBe("pretrained");
    expect(parsed.log.iterations[0]!.testAccUnstructured).toBeGreaterThanOrEqual(0.9);
  }, 200_000);
});
