// Our SIMD module (simd.wat, compiled into simdBinary.ts) run on float32 arrays. When the arrays
// lie in the WASM backend's heap (views from typedArrayFromHeap), the module imports that very
// memory and works in place; otherwise (a backend whose memory it cannot import, such as the
// threaded build's shared one, or plain arrays) it copies them through a memory of its own.
import { SIMD_MODULE_BASE64 } from "./simdBinary";

/** The module's kernels: float32 array pointers (inputs, then outputs), then the sizes. */
export type SimdKernel = "gelu" | "gelu_grad" | "layer_norm" | "layer_norm_grad";

// The few WebAssembly declarations used here: src/core compiles without the DOM's.
interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface Instance {
  readonly exports: Record<string, unknown>;
}
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: { env: { memory: Memory } }) => Instance;
  Memory: new (descriptor: { initial: number }) => Memory;
}

type Exported = (...args: number[]) => void;

/** Each kernel's parameter count, as simd.wat declares it. */
const arity: Record<SimdKernel, number> = { gelu: 4, gelu_grad: 5, layer_norm: 8, layer_norm_grad: 9 };

const api = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
const PAGE = 65536;

function decodeBase64(text: string): Uint8Array {
  const binary = (globalThis as unknown as { atob: (s: string) => string }).atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const bytes = decodeBase64(SIMD_MODULE_BASE64);
/** Compiled once, if this engine runs WebAssembly with SIMD; null otherwise. */
const compiled = api?.validate(bytes) ? new api.Module(bytes) : null;

/** Whether the module runs here (WebAssembly with 128-bit SIMD). */
export const simdAvailable = compiled !== null;

const instances = new WeakMap<object, Record<SimdKernel, Exported> | null>();
let ownMemory: { memory: Memory; kernels: Record<SimdKernel, Exported> } | null = null;

/** The module on `memory`, or null where it cannot import it. Cached per memory. */
function instanceOn(memory: Memory): Record<SimdKernel, Exported> | null {
  const cached = instances.get(memory);
  if (cached !== undefined) return cached;
  let kernels: Record<SimdKernel, Exported> | null = null;
  try {
    if (compiled !== null && api !== undefined) {
      kernels = new api.Instance(compiled, { env: { memory } }).exports as Record<SimdKernel, Exported>;
    }
  } catch {
    // A memory of another kind (shared) does not link: the copying path below takes over.
  }
  instances.set(memory, kernels);
  return kernels;
}

/**
 * Runs `kernel` on `inputs` into `outputs` (their pointers in that order), then `sizes`.
 * `heap` is the memory the arrays lie in, where known (the WASM backend's).
 */
export function runSimd(
  kernel: SimdKernel,
  inputs: Float32Array[],
  outputs: Float32Array[],
  sizes: number[],
  heap: Memory | null,
): void {
  const arrays = [...inputs, ...outputs];
  // A missing argument would reach WebAssembly as 0, a pointer to the heap's start.
  if (compiled !== null && arity[kernel] !== arrays.length + sizes.length) {
    throw new Error(`${kernel} takes ${arity[kernel]} arguments, given ${arrays.length + sizes.length}`);
  }
  const inPlace = heap === null ? null : instanceOn(heap);
  if (inPlace !== null && heap !== null && arrays.every((a) => a.buffer === heap.buffer)) {
    inPlace[kernel](...arrays.map((a) => a.byteOffset), ...sizes);
    return;
  }
  runCopying(kernel, inputs, outputs, sizes);
}

/** Copies the arrays into the module's own memory (16-byte aligned), runs, copies the outputs out. */
function runCopying(
  kernel: SimdKernel,
  inputs: Float32Array[],
  outputs: Float32Array[],
  sizes: number[],
): void {
  if (compiled === null || api === undefined) throw new Error("WebAssembly SIMD is not available");
  const arrays = [...inputs, ...outputs];
  const offsets: number[] = [];
  let end = 0;
  for (const a of arrays) {
    offsets.push(end);
    end += Math.ceil(a.byteLength / 16) * 16;
  }
  if (ownMemory === null) {
    const memory = new api.Memory({ initial: Math.max(1, Math.ceil(end / PAGE)) });
    const kernels = instanceOn(memory);
    if (kernels === null) throw new Error("the SIMD module does not link");
    ownMemory = { memory, kernels };
  }
  const { memory, kernels } = ownMemory;
  if (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
  inputs.forEach((a, i) => {
    new Float32Array(memory.buffer, offsets[i], a.length).set(a);
  });
  kernels[kernel](...offsets, ...sizes);
  outputs.forEach((a, i) => {
    a.set(new Float32Array(memory.buffer, offsets[inputs.length + i], a.length));
  });
}
