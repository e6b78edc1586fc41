// Three WASM kernels replaced by versions that copy less, with the same results.
//
// - Slice and SplitV: the shipped kernels first copy the WHOLE input out of the WASM heap
//   (readSync) for every slice, so splitting a 140k-entry vector into 40 pieces moved 22 MB and
//   cost ~25 ms per training step; these read a view of the heap.
// - Identity, and Cast to the same dtype: the shipped kernels copy the data. tfjs clones every
//   tensor it saves for the backward pass (hundreds per step); tensors are immutable, so sharing
//   the data (as the CPU and WebGL backends do) is enough.
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

const BACKEND = "wasm";
let installed = false;

/**
 * Registers the kernels once, if the WASM backend is loaded (a no-op otherwise, and when
 * called again). Call before the first step; safe at any time.
 */
export function installWasmKernels(): void {
  if (installed) return;
  const cast = tf.getKernel("Cast", BACKEND)?.kernelFunc;
  const slice = tf.getKernel("Slice", BACKEND)?.kernelFunc;
  const split = tf.getKernel("SplitV", BACKEND)?.kernelFunc;
  if (cast === undefined || slice === undefined || split === undefined) return;
  replace("Identity", ({ inputs, backend }) => share(inputs.x, backend as BackendWasm));
  replace("Cast", (args) => {
    const x = args.inputs.x;
    const sameType = x !== undefined && x.dtype === args.attrs?.dtype && x.dtype !== "string";
    return sameType ? share(x, args.backend as BackendWasm) : cast(args);
  });
  replace("Slice", (args) => {
    const x = args.inputs.x;
    if (x === undefined || x.dtype === "string") return slice(args);
    const begin = args.attrs?.begin as number | number[];
    const size = args.attrs?.size as number | number[];
    return sliceFromHeap(x, begin, size, args.backend as BackendWasm);
  });
  replace("SplitV", (args) => {
    const x = args.inputs.x;
    if (x === undefined || x.dtype === "string") return split(args);
    const splits = args.attrs?.numOrSizeSplits as number | number[];
    return splitFromHeap(x, splits, args.attrs?.axis as number, args.backend as BackendWasm);
  });
  installed = true;
}

/** tf.split's pieces of x along `axis`, each read from a view of the heap. */
function splitFromHeap(
  x: tf.TensorInfo,
  splits: number | number[],
  axisParam: number,
  backend: BackendWasm,
): tf.TensorInfo[] {
  const [axis = 0] = tf.util.parseAxisParam(axisParam, x.shape);
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, splits, axis);
  let offset = 0;
  return sizes.map((length) => {
    const begin = x.shape.map((_, i) => (i === axis ? offset : 0));
    const extent = x.shape.map((dim, i) => (i === axis ? length : dim));
    offset += length;
    return sliceFromHeap(x, begin, extent, backend);
  });
}

function replace(kernelName: string, kernelFunc: tf.KernelFunc): void {
  tf.unregisterKernel(kernelName, BACKEND);
  tf.registerKernel({ kernelName, backendName: BACKEND, kernelFunc });
}

function share(x: tf.TensorInfo | undefined, backend: BackendWasm): tf.TensorInfo {
  if (x === undefined) throw new Error("kernel called without its input x");
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function sliceFromHeap(
  x: tf.TensorInfo,
  begin: number | number[],
  size: number | number[],
  backend: BackendWasm,
): tf.TensorInfo {
  const [start = [], extent = []] = tf.slice_util.parseSliceParams(x, begin, size);
  // makeOutput may grow the heap, which detaches earlier views: take the views after it.
  const out = backend.makeOutput(extent, x.dtype);
  const source = backend.typedArrayFromHeap(x);
  const target = backend.typedArrayFromHeap(out);
  copyBox(source, x.shape, start, extent, target);
  return out;
}

/**
 * Copies the box [start, start + extent) of a row-major `shape` array into `target`, one
 * contiguous run at a time: the innermost partial axis with every full axis inside it.
 */
function copyBox(
  source: tf.TypedArray,
  shape: number[],
  start: number[],
  extent: number[],
  target: tf.TypedArray,
): void {
  if (target.length === 0) return;
  const strides = tf.util.computeStrides(shape);
  let runAxis = shape.length - 1;
  while (runAxis > 0 && start[runAxis] === 0 && extent[runAxis] === shape[runAxis]) runAxis--;
  if (runAxis < 0) {
    target.set(source.subarray(0, target.length));
    return;
  }
  const innerSize = runAxis + 1 < shape.length ? strides[runAxis]! : 1;
  const run = extent[runAxis]! * innerSize;
  const index = new Array<number>(runAxis).fill(0);
  for (let r = 0; r * run < target.length; r++) {
    let offset = start[runAxis]! * innerSize;
    for (let axis = 0; axis < runAxis; axis++) offset += (start[axis]! + index[axis]!) * strides[axis]!;
    target.set(source.subarray(offset, offset + run), r * run);
    for (let axis = runAxis - 1; axis >= 0; axis--) {
      index[axis]! += 1;
      if (index[axis]! < extent[axis]!) break;
      index[axis] = 0;
    }
  }
}
