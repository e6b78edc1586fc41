// Three WASM kernels replaced by versions that copy less, with the same results, and two
// that run a shipped kernel on operands of the rank the model holds them in.
//
// - Slice and SplitV: the shipped kernels first copy the WHOLE input out of the WASM heap
//   (readSync) for every slice, so splitting a 140k-entry vector into 40 pieces moved 22 MB and
//   cost ~25 ms per training step; these read a view of the heap.
// - Identity, and Cast to the same dtype: the shipped kernels copy the data. tfjs clones every
//   tensor it saves for the backward pass (hundreds per step); tensors are immutable, so sharing
//   the data (as the CPU and WebGL backends do) is enough.
// - LabAffine and LabChannelProduct: _FusedMatMul on matrices and DepthwiseConv2dNative as a
//   per-channel product of rank-3 operands (fused/affine.ts, channelProduct.ts). The shipped
//   kernels want rank-3 and rank-4 operands, and each Reshape to and from those is a kernel of
//   its own (six per channel product, three per product with a bias; about 230 per ViT step):
//   these pass the same data to the shipped kernel under the shapes it wants.
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

const BACKEND = "wasm";
let installed = false;

/** x [N, K] · w [K, M] + bias [M] → [N, M] (inputs a, b, bias). */
export const AFFINE = "LabAffine";
/** input [Y, W, C] and filter [W, C, Q] → [Y, C, Q] (inputs x, filter); see channelProduct.ts. */
export const CHANNEL_PRODUCT = "LabChannelProduct";

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
  const fusedMatMul = tf.getKernel("_FusedMatMul", BACKEND)?.kernelFunc;
  const depthwise = tf.getKernel("DepthwiseConv2dNative", BACKEND)?.kernelFunc;
  if (fusedMatMul === undefined || depthwise === undefined) return;
  replace(AFFINE, ({ inputs, backend, attrs }) => {
    const { a, b, bias } = inputs as Record<string, tf.TensorInfo>;
    const [rows = 0, inner = 0] = a!.shape;
    const out = fusedMatMul({
      inputs: { a: view(a!, [1, rows, inner]), b: view(b!, [1, inner, b!.shape[1]!]), bias: bias! },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false, activation: "linear" },
    }) as tf.TensorInfo;
    return view(out, [rows, b!.shape[1]!]);
  });
  replace(CHANNEL_PRODUCT, ({ inputs, backend }) => {
    const { x, filter } = inputs as Record<string, tf.TensorInfo>;
    const [rows = 0, width = 0, channels = 0] = x!.shape;
    const columns = filter!.shape[2]!;
    const out = depthwise({
      inputs: {
        x: view(x!, [1, rows, width, channels]),
        filter: view(filter!, [1, width, channels, columns]),
      },
      backend,
      attrs: { strides: 1, pad: "valid", dataFormat: "NHWC", dilations: 1 },
    }) as tf.TensorInfo;
    return view(out, [rows, channels, columns]);
  });
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
  if (tf.getKernel(kernelName, BACKEND) !== undefined) tf.unregisterKernel(kernelName, BACKEND);
  tf.registerKernel({ kernelName, backendName: BACKEND, kernelFunc });
}

function share(x: tf.TensorInfo | undefined, backend: BackendWasm): tf.TensorInfo {
  if (x === undefined) throw new Error("kernel called without its input x");
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** The same data under another shape of the same size, as WASM's own Reshape returns it. */
function view(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: x.dataId, shape, dtype: x.dtype };
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
