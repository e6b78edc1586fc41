// Inference of a structurally pruned reference model, masked (dense, as trained) against
// compacted (the removed groups physically gone): params, FLOPs and latency.
import * as tf from "@tensorflow/tfjs";
import { compactModel } from "../src/core/compact";
import { groupIndicator, ownedMask } from "../src/core/groups";
import type { GroupSet, MaskSet, Model } from "../src/core/types";
import type { MatMulProbe } from "./ceiling";
import type { BenchRecord } from "./record";
import { BATCH_SIZE, buildReference, IMAGE_SHAPE, type ReferenceArch } from "./reference";
import { interleaved } from "./stats";
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
      // A conv weight is covered by two sets (a block set on one axis, a stage set on the other):
      // multiply, so an entry both drop stays 0.
      for (const [name, indicator] of Object.entries(dropped))
        masks[name] = tf.mul(masks[name]!, tf.sub(1, indicator));
    }
    return masks;
  });
}

/** The sets compaction can shrink: all of them (ViT heads and neurons, every ResNet channel set). */
function shrinkableSets(model: Model): GroupSet[] {
  return model.groupSets;
}

/** Logits of `forward`, read back and freed. */
function inference(forward: () => tf.Tensor): () => Promise<void> {
  return async () => {
    const logits = forward();
    await logits.data();
    logits.dispose();
  };
}

export interface CompactionReport {
  records: BenchRecord[];
  /** Masked median latency / compacted median latency. */
  speedup: number;
}

export async function benchCompaction(
  arch: ReferenceArch,
  backend: string,
  probe: MatMulProbe,
  runs: { warmup: number; samples: number },
  batchSize = BATCH_SIZE,
): Promise<CompactionReport> {
  const model = buildReference(arch);
  const sets = shrinkableSets(model);
  const masks = halfDropped(model, sets);
  const compact = compactModel(model, masks, IMAGE_SHAPE);
  // The masked model as the lab evaluates a cut: what the dropped groups own zeroed too.
  const owned = ownedMask(
    model.params,
    sets,
    Object.fromEntries(
      sets.map((set) => [set.name, Array.from({ length: set.count }, (_, g) => g % 2 === 0)]),
    ),
  );
  const cutMasks = { ...masks, ...owned };
  const x = tf.randomNormal([batchSize, ...IMAGE_SHAPE]) as tf.Tensor4D;
  try {
    const [masked, compacted, products] = await interleaved(
      [
        inference(() => tf.tidy(() => model.forward(x, { training: false, masks: cutMasks }).logits)),
        inference(() => compact.forward(x)),
        probe.run,
      ],
      runs.warmup,
      runs.samples,
    );
    if (masked === undefined || compacted === undefined || products === undefined)
      throw new Error("missing timings");
    const ceilingGflops = probe.gflops(products.wall.median);
    const name = `${arch === "vit" ? "vit-tiny" : "resnet"}${batchSize === BATCH_SIZE ? "" : `-b${batchSize}`}`;
    const dropped =
      arch === "vit"
        ? "half the heads and half the MLP neurons"
        : "half of every block and residual channel set";
    const speedup = masked.wall.median / compacted.wall.median;
    const params = (m: Record<string, tf.Tensor>) => Object.values(m).reduce((n, t) => n + t.size, 0);
    const maskedRow = rowFromTiming(
      `${name}-infer-masked`,
      backend,
      masked,
      model.flopsPerSample * batchSize,
      ceilingGflops,
      batchSize,
    );
    maskedRow.note = `${dropped} removed by the mask: ${params(model.params)} params, ${(model.flopsPerSample / 1e6).toFixed(2)} MFLOP/sample (dense)`;
    const compactRow = rowFromTiming(
      `${name}-infer-compact`,
      backend,
      compacted,
      compact.flopsPerSample * batchSize,
      ceilingGflops,
      batchSize,
    );
    compactRow.note = `compacted: ${compact.paramCount} params, ${(compact.flopsPerSample / 1e6).toFixed(2)} MFLOP/sample, ×${speedup.toFixed(2)} faster than masked (cpu ×${(masked.cpu.median / compacted.cpu.median).toFixed(2)}, best-of ×${(masked.wall.min / compacted.wall.min).toFixed(2)})${arch === "vit" ? "; target ≥ ×1.6" : ""}`;
    return { records: [maskedRow, compactRow], speedup };
  } finally {
    compact.dispose();
    model.dispose();
    tf.dispose([x, ...Object.values(masks), ...Object.values(owned)]);
  }
}
