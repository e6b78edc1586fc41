// A matrix's columns split into pieces, and pieces joined side by side, each piece under the
// shape its user wants, as one kernel on WASM: tf.split and tf.concat add a Reshape per piece
// (attention's q, k, v and their gradients, six per block). JavaScript copies over the heap, a
// row's run at a time, as the shipped Concat and the SplitV of wasmKernels.ts copy.
import * as tf from "@tensorflow/tfjs";
import { backendHas, registerHeapKernel, runHeapKernel } from "./heapKernel";

const SPLIT = "LabSplitColumns";
const JOIN = "LabJoinColumns";

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

registerHeapKernel(
  SPLIT,
  (_inputs, attrs) => attrs.shapes as number[][],
  (inputs, outputs, attrs) => copyRuns(inputs.x!, outputs, attrs.rows as number, false),
);

registerHeapKernel(
  JOIN,
  (inputs, attrs) => {
    const rows = attrs.rows as number;
    const entries = Object.values(inputs).reduce((total, info) => total + sizeOf(info.shape), 0);
    return [[rows, entries / rows]];
  },
  (inputs, outputs, attrs) => copyRuns(outputs[0]!, Object.values(inputs), attrs.rows as number, true),
);

/** Row by row, copies each piece's run out of the matrix `whole` (into = false) or into it. */
function copyRuns(whole: Float32Array, pieces: Float32Array[], rows: number, into: boolean): void {
  const total = whole.length / rows;
  let offset = 0;
  for (const piece of pieces) {
    const width = piece.length / rows;
    for (let r = 0; r < rows; r++) {
      const at = r * total + offset;
      if (into) whole.set(piece.subarray(r * width, (r + 1) * width), at);
      else piece.set(whole.subarray(at, at + width), r * width);
    }
    offset += width;
  }
}

/**
 * Columns of x [N, Σ widths] split into pieces of `widths` columns, piece i seen as `shapes[i]`
 * (of N·widths[i] entries). Caller owns the results.
 */
export function splitColumns(x: tf.Tensor2D, widths: number[], shapes: number[][]): tf.Tensor[] {
  if (backendHas(SPLIT)) return runHeapKernel(SPLIT, { x }, { shapes, rows: x.shape[0] });
  return tf.split(x, widths, 1).map((piece, i) => tf.reshape(piece, shapes[i]!));
}

/** Pieces of N·wᵢ entries each, seen as [N, wᵢ], side by side: [N, Σ wᵢ]. Caller owns the result. */
export function joinColumns(pieces: tf.Tensor[], rows: number): tf.Tensor2D {
  if (backendHas(JOIN)) {
    const named = Object.fromEntries(pieces.map((piece, i) => [`x${i}`, piece]));
    return runHeapKernel(JOIN, named, { rows })[0] as tf.Tensor2D;
  }
  return tf.concat(
    pieces.map((piece) => tf.reshape(piece, [rows, -1])),
    1,
  ) as tf.Tensor2D;
}
