// `npm run pretrain [-- vit|resnet ...]`: trains the starting points of `init: "pretrained"` with
// the lab's own loop (seeded, WASM in Node) and writes public/models/<arch>-mnist.safetensors
// with its run log. Each is one dense iteration on the training half of the embedded MNIST
// (data/split.ts mnistReserve), so no preset's test digit was ever trained on.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { selectBackend } from "../src/cli/backend";
import { resolveConfig } from "../src/core/config";
import { prepareDataset } from "../src/core/data/prepare";
import { errorMessage } from "../src/core/errorMessage";
import { runExperiment } from "../src/core/experiment";
import { encodePretrained, PRETRAINED_FILES } from "../src/core/pretrained";
import type { Arch } from "../src/core/types";

/** One dense iteration each: no pruning, no final ticket; the weights after training are kept. */
export const PRETRAIN_RECIPES: Record<Arch, Record<string, unknown>> = {
  // README's recipe, shortened to 8 epochs without augmentation to fit a few minutes of 2 shared cores.
  vit: { arch: "vit", epochs: 8, lr: 3e-3, warmup: 1, augment: false },
  resnet: {
    arch: "resnet",
    epochs: 2,
    optimizer: "sgd",
    lr: 0.05,
    momentum: 0.9,
    weightDecay: 5e-4,
    warmup: 0,
    augment: false,
  },
};

const COMMON = {
  dataset: "mnist",
  trainSize: 8000,
  testSize: 2000,
  seed: 1,
  struct: "imp",
  pruningTimes: 1,
  finalTrain: "none",
};

const publicDir = (path: string) => fileURLToPath(new URL(`../public/${path}`, import.meta.url));

async function pretrain(arch: Arch): Promise<void> {
  const resolved = resolveConfig({ ...COMMON, ...PRETRAIN_RECIPES[arch] });
  if (!resolved.ok) throw new Error(resolved.errors.map((e) => e.message).join("; "));
  const config = resolved.config;
  const dataset = prepareDataset(config, {
    mnist: new Uint8Array(readFileSync(publicDir("data/mnist.bin"))),
  });
  const started = Date.now();
  let weights: Uint8Array | null = null;
  const log = await runExperiment(config, dataset, {
    env: { runtime: `node ${process.version}`, command: `npm run pretrain -- ${arch}` },
    onEvent: (event) => {
      if (event.type === "epoch") {
        const { epoch, testAcc, trainLoss } = event.record;
        process.stderr.write(
          `pretrain ${arch}: epoch ${epoch} loss ${trainLoss.toFixed(4)} test ${(testAcc * 100).toFixed(2)}%\n`,
        );
      }
    },
    onCheckpoint: async (checkpoint) => {
      if (checkpoint.kind !== "iteration") return;
      weights = await encodePretrained(checkpoint.model, {
        command: `npm run pretrain -- ${arch}`,
        recipe: JSON.stringify(config),
      });
    },
  });
  if (!weights) throw new Error(`pretrain ${arch}: the run produced no weights`);
  const file = PRETRAINED_FILES[arch];
  writeFileSync(publicDir(file), weights);
  writeFileSync(publicDir(file.replace(".safetensors", ".runlog.json")), `${JSON.stringify(log, null, 2)}\n`);
  const accuracy = log.iterations[0]?.testAccUnstructured ?? Number.NaN;
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  process.stderr.write(
    `pretrain ${arch}: ${(accuracy * 100).toFixed(2)}% test accuracy in ${minutes} min; wrote public/${file}\n`,
  );
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const arches = (wanted.length > 0 ? wanted : ["vit", "resnet"]).filter(
    (arch): arch is Arch => arch === "vit" || arch === "resnet",
  );
  await selectBackend("wasm", (message) => process.stderr.write(`pretrain: ${message}\n`));
  for (const arch of arches) await pretrain(arch);
}

main().catch((error: unknown) => {
  process.stderr.write(`pretrain: ${errorMessage(error)}\n`);
  process.exit(1);
});
