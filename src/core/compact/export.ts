// The compacted weights as a safetensors file PyTorch opens: every tensor by its PyTorch name
// and layout (float32); the metadata holds the kept group indices and, once stamped with
// withMetadata, the run's description (checkpointMeta.ts).
import * as tf from "@tensorflow/tfjs";
import { decodeSafetensors, encodeSafetensors, type SafetensorsTensor } from "../io/safetensors";
import type { CompactModel } from "./types";

export interface CompactExport {
  tensors: SafetensorsTensor[];
  /** format, arch, compacted = "true", and `kept.<group set>` = JSON array of kept indices per group set. */
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
  const metadata: Record<string, string> = { format: "pt", arch: compact.arch, compacted: "true" };
  for (const [set, indices] of Object.entries(compact.kept))
    metadata[`kept.${set}`] = JSON.stringify(indices);
  return { tensors, metadata };
}

export function encodeCompact(compact: CompactModel, metadata: Record<string, string> = {}): Uint8Array {
  const entries = compactEntries(compact);
  return encodeSafetensors(entries.tensors, { ...metadata, ...entries.metadata });
}

/** The same tensors with `metadata` added; keys already in the file (kept.*, compacted) win. */
export function withMetadata(bytes: Uint8Array, metadata: Record<string, string>): Uint8Array {
  const decoded = decodeSafetensors(bytes);
  const tensors = Object.entries(decoded.tensors).map(([name, t]): SafetensorsTensor => ({ name, ...t }));
  return encodeSafetensors(tensors, { ...metadata, ...decoded.metadata });
}
