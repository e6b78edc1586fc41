// The compacted weights as a safetensors file PyTorch opens: every tensor by its PyTorch name
// and layout (float32), the kept group indices in the metadata.
import * as tf from "@tensorflow/tfjs";
import { encodeSafetensors, type SafetensorsTensor } from "../formats/safetensors";
import type { CompactModel } from "./types";

export interface CompactExport {
  tensors: SafetensorsTensor[];
  /** format, arch, and `kept.<group set>` = JSON array of kept indices per group set. */
  metadata: Record<string, string>;
}

export function compactEntries(compact: CompactModel): CompactExport {
  const tensors: SafetensorsTensor[] = [];
  for (const [name, t] of Object.entries({ ...compact.params, ...compact.buffers })) {
    const perm = compact.torchPermutation[name];
    const torch = perm === undefined ? t : tf.transpose(t, perm);
    tensors.push({ name, dtype: "F32", shape: torch.shape, data: Float32Array.from(torch.dataSync()) });
    if (torch !== t) torch.dispose();
  }
  const metadata: Record<string, string> = { format: "pt", arch: compact.arch };
  for (const [set, indices] of Object.entries(compact.kept))
    metadata[`kept.${set}`] = JSON.stringify(indices);
  return { tensors, metadata };
}

export function encodeCompact(compact: CompactModel): Uint8Array {
  const { tensors, metadata } = compactEntries(compact);
  return encodeSafetensors(tensors, metadata);
}
