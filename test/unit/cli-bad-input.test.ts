// Every kind of bad input, through the CLI as a user types it: exit 2, one line that names the
// flag, key or path, and no stack frame. Nothing here trains (the checks come first).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CIFAR_RECORD, cifarBatch } from "./dataset-fixtures";

const dir = mkdtempSync(join(tmpdir(), "pruning-lab-bad-input-"));
const out = join(dir, "never.json");
const folder = join(dir, "a-folder");
mkdirSync(folder);

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const config = (name: string, keys: unknown) => write(name, JSON.stringify(keys));
const tinyVit = { arch: "vit", model: { depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 8 } };
const train = write("data_batch_1.bin", cifarBatch(600));
const test = write("test_batch.bin", cifarBatch(100));
const broken = write("data_batch_2.bin", cifarBatch(3).subarray(0, 3 * CIFAR_RECORD - 1));
const preset = ["--preset", "tiny-vit-synthetic"];

const CASES: [string, string[], string][] = [
  ["no command", [], "give a command: run, presets"],
  ["an unknown command", ["rnu"], 'unknown command "rnu" (did you mean run?)'],
  ["flags before the command", ["--preset", "x"], "the command comes first"],
  ["an unknown flag", ["run", "--ouy", out], "unknown flag --ouy (did you mean --out?)"],
  ["a flag without its value", ["run", ...preset, "--out"], "--out needs a value"],
  ["a stray argument", ["run", ...preset, "--out", out, "stray"], 'unexpected argument "stray"'],
  ["a flag given twice", ["run", ...preset, "--out", out, "--out", out], "--out is given twice"],
  ["an argument to presets", ["presets", "all"], 'unexpected argument "all"'],
  [
    "an unknown preset",
    ["run", "--preset", "tiny-vit-synthetc", "--out", out],
    '--preset: unknown preset "tiny-vit-synthetc" (did you mean tiny-vit-synthetic?)',
  ],
  ["no --out", ["run", ...preset], "--out FILE is required"],
  ["neither --config nor --preset", ["run", "--out", out], "give --config FILE.json or --preset NAME"],
  [
    "a backend Node lacks",
    ["run", ...preset, "--out", out, "--backend", "webgl"],
    '--backend: must be wasm or cpu in Node, got "webgl"',
  ],
  [
    "a config file that is not there",
    ["run", "--config", join(dir, "missing.json"), "--out", out],
    `--config: cannot read ${join(dir, "missing.json")}: ENOENT`,
  ],
  [
    "a config file that is not JSON",
    ["run", "--config", write("broken.json", "{ rate: "), "--out", out],
    `--config: ${join(dir, "broken.json")} is not valid JSON`,
  ],
  [
    "a config that is no object",
    ["run", "--config", config("list.json", [1, 2]), "--out", out],
    "list.json must hold a JSON object of config keys",
  ],
  [
    "a key of the wrong type",
    ["run", "--config", config("type.json", { lr: "0.1" }), "--out", out],
    'lr: must be a number, got "0.1"',
  ],
  [
    "a model key of the wrong type",
    ["run", "--config", config("model.json", { model: { depth: "deep" } }), "--out", out],
    'model.depth: must be a number, got "deep"',
  ],
  [
    "a value out of range",
    ["run", "--config", config("rate.json", { rate: 1.5 }), "--out", out],
    "rate: must be in (0, 1), got 1.5",
  ],
  [
    "a key spelt as the reference's flag",
    ["run", "--config", config("key.json", { pruning_times: 2 }), "--out", out],
    "pruning_times: unknown key (did you mean pruningTimes?)",
  ],
  [
    "an --out that cannot be written",
    ["run", ...preset, "--out", "/proc/run.json"],
    "--out: cannot write /proc/run.json",
  ],
  ["an --out that is a folder", ["run", ...preset, "--out", folder], `--out: ${folder} is a folder`],
  [
    "--checkpoints naming a file",
    ["run", ...preset, "--out", out, "--checkpoints", train],
    `--checkpoints: ${train} is a file, not a folder`,
  ],
  [
    "a data file that is not there",
    ["run", "--config", config("cifar.json", tinyVit), "--out", out, "--data-file", join(dir, "nope.bin")],
    `--data-file: ${join(dir, "nope.bin")}: no such file`,
  ],
  [
    "a data file that is a folder",
    ["run", "--config", config("cifar.json", tinyVit), "--out", out, "--data-file", folder],
    `--data-file: ${folder} is a folder, not a file`,
  ],
  [
    "a data file that is not whole records",
    ["run", "--config", config("cifar.json", tinyVit), "--out", out, "--data-file", broken],
    "data_batch_2.bin: 9,218 bytes is not a whole number of 3,073-byte records",
  ],
  [
    "a trainSize larger than the data",
    [
      "run",
      ...["--config", config("big.json", { ...tinyVit, trainSize: 8000 }), "--out", out],
      ...["--data-file", train, "--data-file", test],
    ],
    "trainSize: must be at most the 600 training images of cifar10, got 8000",
  ],
];

/** The CLI's exit code and stderr; async, so that the cases run side by side. */
function lab(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args]);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("bad input to npm run lab", { timeout: 60_000 }, () => {
  it.concurrent.each(CASES)("%s: exit 2, one line naming it, no stack", async (_, args, named) => {
    const { code, stderr } = await lab(args);
    expect(stderr).toContain(named);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(/^\s+at /m);
    // Every line is the CLI's own: the error, and notes (a size that follows the data).
    const lines = stderr.trimEnd().split("\n");
    expect(lines.every((line) => line.startsWith("pruning-lab: "))).toBe(true);
    expect(lines.filter((line) => line.includes(named))).toHaveLength(1);
  });

  it.concurrent("shows the stack with --debug, still exit 2", async () => {
    const { code, stderr } = await lab(["run", "--debug", "--preset", "nope", "--out", out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^\s+at /m);
  });
});
