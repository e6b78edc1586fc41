// A pruned model made physically smaller: the groups its structured mask removes are gone
// from every tensor they touched, and its forward pass gives the masked model's outputs.
import type * as tf from "@tensorflow/tfjs";
import type { Arch } from "../types";

export interface CompactModel {
  arch: Arch;
  /** Parameters by PyTorch name (kept slices of W ⊙ M), stored as the model stores them. */
  params: Record<string, tf.Tensor>;
  /** Non-trainable tensors by name: batch-norm running statistics of the kept channels. */
  buffers: Record<string, tf.Tensor>;
  /** Indices of the kept groups of every group set, in increasing order. */
  kept: Record<string, number[]>;
  /** Permutations to PyTorch layout, as Model.torchPermutation. */
  torchPermutation: Record<string, number[]>;
  /** Trainable entries (params only). */
  paramCount: number;
  /** 2·MACs of one forward pass of one sample. */
  flopsPerSample: number;
  /** Logits of x [N, H, W, C] in evaluation mode. Caller owns the result. */
  forward(x: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}
