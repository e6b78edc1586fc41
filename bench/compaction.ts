// Inference of a structurally pruned reference model, masked (dense, as trained) against
// compacted (the removed groups physically gone): params, FLOPs and latency.
import * as tf from "@tensorflow/tfjs";
import { compactModel } from "../src/core/compact";
import { groupIndicator } from "../src/core/groups";
import type { GroupSet, MaskSet, Model } from "../src/core/types";
import type { BenchRecord } from "./record";
import { BATCH_SIZE, buildReference, IMAGE_SHAPE, type ReferenceArch } from "./reference";
import { spread, type Timing } from "./stats";
import { rowFromTiming } from "./training";

/** R with every other group of each of `sets` dropped (half of them), ones elsewhere. */
function halfDropped(model: Model, sets: GroupSet[]): MaskSet {
  return tf.tidy(() => {
    const masks: MaskSet = Object.fromEntries(
      model.prunable.map((name) => [name, tf.onesLike(model.params[name]!)]),
    );
    for (const set of sets) {
      const dropped = groupIndicator(
        masks,
        set,
        Array.from({ length: set.count }, (_, g) => g % 2 === 1),
      );
      for (const [name, indicator] of Object.entries(dropped)) masks[name] = tf.sub(masks[name]!, indicator);
    }
    return masks;
  });
}

/** The sets compaction can shrink: ViT heads and neurons, ResNet block-internal conv1 channels. */
function shrinkableSets(model: Model): GroupSet[] {
  return model.groupSets.filter((set) => set.kind !== "channel" || set.name.endsWith(".conv1"));
}

async function interleavedInference(
  masked: () => tf.Tensor,
  compact: () => tf.Tensor,
  warmup: number,
  samples: number,
): Promise<[Timing, Timing]> {
  const once = async (run: () => tf.Tensor) => {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const logits = run();
    await logits.data();
    const wall = performance.now() - started;
    logits.dispose();
    const used = process.cpuUsage(cpuBefore);
    return { wall, cpu: (used.user + used.system) / 1000 };
  };
  for (let i = 0; i < warmup; i++) {
    await once(masked);
    await once(compact);
  }
  const runs: [{ wall: number; cpu: number }[], { wall: number; cpu: number }[]] = [[], []];
  for (let i = 0; i < samples; i++) {
    runs[0].push(await once(masked));
    runs[1].push(await once(compact));
  }
  return runs.map((r) => ({ wall: spread(r.map((s) => s.wall)), cpu: spread(r.map((s) => s.cpu)) })) as [
    Timing,
    Timing,
  ];
}

export interface CompactionReport {
  records: BenchRecord[];
  /** Masked median latency / compacted median latency. */
  speedup: number;
}

export async function benchCompaction(
  arch: ReferenceArch,
  backend: string,
  ceilingGflops: number,
  runs: { warmup: number; samples: number },
  batchSize = BATCH_SIZE,
): Promise<CompactionReport> {
  const model = buildReference(arch);
  const masks = halfDropped(model, shrinkableSets(model));
  const compact = compactModel(model, masks, IMAGE_SHAPE);
  const x = tf.randomNormal([batchSize, ...IMAGE_SHAPE]) as tf.Tensor4D;
  try {
    const [masked, compacted] = await interleavedInference(
      () => tf.tidy(() => model.forward(x, { training: false, masks }).logits),
      () => compact.forward(x),
      runs.warmup,
      runs.samples,
    );
    const name = `${arch === "vit" ? "vit-tiny" : "resnet"}${batchSize === BATCH_SIZE ? "" : `-b${batchSize}`}`;
    const dropped =
      arch === "vit" ? "half the heads and half the MLP neurons" : "half of each block's conv1 channels";
    const speedup = masked.wall.median / compacted.wall.median;
    const params = (m: Record<string, tf.Tensor>) => Object.values(m).reduce((n, t) => n + t.size, 0);
    const maskedRow = rowFromTiming(
      `${name}-infer-masked`,
      backend,
      masked,
      model.flopsPerSample * BATCH_SIZE,
      ceilingGflops,
    );
    maskedRow.note = `${dropped} removed by the mask: ${params(model.params)} params, ${(model.flopsPerSample / 1e6).toFixed(2)} MFLOP/sample (dense)`;
    const compactRow = rowFromTiming(
      `${name}-infer-compact`,
      backend,
      compacted,
      compact.flopsPerSample * BATCH_SIZE,
      ceilingGflops,
    );
    compactRow.note = `compacted: ${compact.paramCount} params, ${(compact.flopsPerSample / 1e6).toFixed(2)} MFLOP/sample, ×${speedup.toFixed(2)} faster than masked (cpu ×${(masked.cpu.median / compacted.cpu.median).toFixed(2)}, best-of ×${(masked.wall.min / compacted.wall.min).toFixed(2)})${arch === "vit" ? "; target ≥ ×1.6" : ""}`;
    return { records: [maskedRow, compactRow], speedup };
  } finally {
    compact.dispose();
    model.dispose();
    tf.dispose([x, ...Object.values(masks)]);
  }
}
