// The checkpoints of DESIGN.md §4 as safetensors entries. After iteration K: every parameter by
// its PyTorch name as trained (W ⊙ M), `mask.NAME` = M after pruning, `refill.NAME` = R (uint8),
// `cut.NAME` = 0 on the biases and BN γ/β of the groups R cuts (uint8).
// The final ticket: its weights as trained, zero outside `mask.NAME`, the final mask.
// The metadata describes the run (checkpointMeta.ts, docs/checkpoints.md).
import * as tf from "@tensorflow/tfjs";
import { type CheckpointMeta, metadataStrings } from "./checkpointMeta";
import type { RunCheckpoint } from "./experiment";
import { encodeSafetensors } from "./io/safetensors";

interface Entry {
  name: string;
  dtype: "F32" | "U8";
  shape: number[];
  data: Float32Array | Uint8Array;
}

export async function encodeCheckpoint(checkpoint: RunCheckpoint, meta: CheckpointMeta): Promise<Uint8Array> {
  const { model, iteration } = checkpoint;
  // An iteration's weights as trained (its training mask already covers what earlier cuts own);
  // what this iteration's R cuts besides weights goes to `cut.NAME`, for the structured figure.
  const trainedMasks =
    checkpoint.kind === "final" ? { ...checkpoint.masks, ...checkpoint.owned } : checkpoint.trainedMasks;
  // The prefixes are the file's names, which PyTorch reads: R is stored as `refill.NAME`.
  const maskEntries =
    checkpoint.kind === "final"
      ? { mask: checkpoint.masks }
      : { mask: checkpoint.prunedMasks, refill: checkpoint.structureMask };
  const entries: Entry[] = [];
  const toTorch = (name: string, tensor: tf.Tensor): tf.Tensor => {
    const perm = model.torchPermutation[name];
    return perm ? tf.transpose(tensor, perm) : tf.clone(tensor);
  };
  const read = async (name: string, make: () => tf.Tensor, dtype: "F32" | "U8"): Promise<void> => {
    const tensor = tf.tidy(make);
    const values = await tensor.data();
    entries.push({
      name,
      dtype,
      shape: tensor.shape,
      data: dtype === "U8" ? Uint8Array.from(values) : Float32Array.from(values),
    });
    tensor.dispose();
  };
  for (const [name, variable] of Object.entries({ ...model.params, ...model.buffers })) {
    const mask = trainedMasks[name];
    await read(name, () => toTorch(name, mask ? tf.mul(variable, mask) : variable), "F32");
  }
  for (const name of model.prunable) {
    for (const [prefix, masks] of Object.entries(maskEntries)) {
      await read(`${prefix}.${name}`, () => toTorch(name, masks[name]!), "U8");
    }
  }
  if (checkpoint.kind === "iteration") {
    for (const [name, mask] of Object.entries(checkpoint.owned))
      await read(`cut.${name}`, () => toTorch(name, mask), "U8");
  }
  return encodeSafetensors(entries, metadataStrings(meta, checkpoint.kind === "final" ? "final" : iteration));
}
