// --checkpoints: each iteration's weights and masks as iter-K.safetensors, the final ticket as
// final.safetensors, in PyTorch layout.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeCheckpoint } from "../core/checkpoint";
import type { CheckpointMeta } from "../core/checkpointMeta";
import type { RunCheckpoint } from "../core/experiment";
import { describeFsError } from "./fsError";

/** A failed write of a checkpoint: the machine's doing (a full disk), not the run's. */
export class CheckpointWriteError extends Error {
  constructor(path: string, cause: unknown) {
    super(`cannot write the checkpoint ${path}: ${describeFsError(cause)}`);
    this.name = "CheckpointWriteError";
  }
}

export function checkpointWriter(
  folder: string,
  meta: CheckpointMeta,
): (checkpoint: RunCheckpoint) => Promise<void> {
  return async (checkpoint) => {
    const file = checkpoint.kind === "final" ? "final" : `iter-${checkpoint.iteration}`;
    const path = join(folder, `${file}.safetensors`);
    const bytes = await encodeCheckpoint(checkpoint, meta);
    try {
      writeFileSync(path, bytes);
    } catch (error) {
      throw new CheckpointWriteError(path, error);
    }
  };
}
