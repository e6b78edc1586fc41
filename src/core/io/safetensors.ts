// The safetensors container (github.com/huggingface/safetensors), which PyTorch opens with
// `safetensors.torch.load_file`: an 8-byte little-endian u64 header length N, N bytes of UTF-8
// JSON header padded with spaces, then every tensor's little-endian bytes back to back.
// The header maps each tensor name to {dtype, shape, data_offsets: [begin, end)} relative to
// the start of the data buffer; "__metadata__" holds free-form string pairs.
import { isPlainObject } from "../isPlainObject";

export type SafetensorsDtype = "F32" | "U8";

/** A tensor to write; `data` must be a Float32Array for F32 and a Uint8Array for U8. */
export interface SafetensorsTensor {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array | Uint8Array;
}

export type DecodedTensor =
  | { dtype: "F32"; shape: number[]; data: Float32Array }
  | { dtype: "U8"; shape: number[]; data: Uint8Array };

export interface DecodedSafetensors {
  tensors: Record<string, DecodedTensor>;
  metadata: Record<string, string>;
}

/** Thrown by encodeSafetensors / decodeSafetensors; the message says what is wrong. */
export class SafetensorsError extends Error {
  override name = "SafetensorsError";
}

const BYTES_PER_ELEMENT: Record<SafetensorsDtype, number> = { F32: 4, U8: 1 };
const LENGTH_PREFIX_BYTES = 8;
/** The reference serializer pads the header so that the data buffer starts 8-byte aligned. */
const HEADER_ALIGNMENT = 8;
const METADATA_KEY = "__metadata__";
const TWO_TO_32 = 2 ** 32;

interface TensorPlacement {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Serializes tensors into one safetensors file. The data buffer holds the F32 tensors first and
 * the U8 tensors after them (each group in the given order), as the reference serializer does
 * by sorting on alignment: every F32 tensor then starts at a 4-byte-aligned offset.
 */
export function encodeSafetensors(
  tensors: readonly SafetensorsTensor[],
  metadata?: Record<string, string>,
): Uint8Array {
  checkNames(tensors);
  const ordered = [...tensors].sort((a, b) => BYTES_PER_ELEMENT[b.dtype] - BYTES_PER_ELEMENT[a.dtype]);

  const placements: TensorPlacement[] = [];
  let dataLength = 0;
  for (const { name, dtype, shape, data } of ordered) {
    if (!shape.every(isCount)) throw new SafetensorsError(`tensor "${name}": shape has a non-integer size`);
    if ((dtype === "F32") !== data instanceof Float32Array) {
      throw new SafetensorsError(
        `tensor "${name}": ${dtype} data must be a ${dtype === "F32" ? "Float32Array" : "Uint8Array"}`,
      );
    }
    if (data.length !== elementCount(shape)) {
      throw new SafetensorsError(
        `tensor "${name}": shape [${shape.join(", ")}] has ${elementCount(shape)} elements but the data has ${data.length}`,
      );
    }
    const byteLength = data.length * BYTES_PER_ELEMENT[dtype];
    placements.push({ name, dtype, shape, begin: dataLength, end: dataLength + byteLength });
    dataLength += byteLength;
  }

  const headerBytes = encodeHeader(placements, metadata);
  const dataStart = LENGTH_PREFIX_BYTES + headerBytes.length;
  const file = new Uint8Array(dataStart + dataLength);
  const view = new DataView(file.buffer);
  view.setUint32(0, headerBytes.length % TWO_TO_32, true);
  view.setUint32(4, Math.floor(headerBytes.length / TWO_TO_32), true);
  file.set(headerBytes, LENGTH_PREFIX_BYTES);

  ordered.forEach(({ data }, i) => {
    const start = dataStart + placements[i]!.begin;
    if (data instanceof Uint8Array) {
      file.set(data, start);
    } else {
      for (let j = 0; j < data.length; j++) view.setFloat32(start + 4 * j, data[j]!, true);
    }
  });
  return file;
}

function checkNames(tensors: readonly SafetensorsTensor[]): void {
  const seen = new Set<string>();
  for (const { name } of tensors) {
    if (name === METADATA_KEY) throw new SafetensorsError(`"${METADATA_KEY}" is reserved, not a tensor name`);
    if (seen.has(name)) throw new SafetensorsError(`tensor "${name}" appears twice`);
    seen.add(name);
  }
}

function encodeHeader(
  placements: TensorPlacement[],
  metadata: Record<string, string> | undefined,
): Uint8Array {
  // Object.fromEntries defines own properties, so even a tensor named "__proto__" stays a key.
  const entries: [string, unknown][] = placements.map(({ name, dtype, shape, begin, end }) => [
    name,
    { dtype, shape, data_offsets: [begin, end] },
  ]);
  if (metadata !== undefined) entries.unshift([METADATA_KEY, metadata]);
  const json = new TextEncoder().encode(JSON.stringify(Object.fromEntries(entries)));
  const padding = (HEADER_ALIGNMENT - (json.length % HEADER_ALIGNMENT)) % HEADER_ALIGNMENT;
  const padded = new Uint8Array(json.length + padding).fill(0x20);
  padded.set(json);
  return padded;
}

/**
 * Parses a safetensors file holding F32 and U8 tensors. Throws SafetensorsError when the header
 * length runs past the end, the header is not a JSON object, a dtype is not F32/U8, a shape does
 * not match its byte range, or the byte ranges leave the buffer, overlap or leave gaps.
 * The returned arrays are copies; `bytes` is not retained.
 */
export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  if (bytes.length < LENGTH_PREFIX_BYTES) {
    throw new SafetensorsError(`file is ${bytes.length} bytes, too short for the 8-byte header length`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * TWO_TO_32;
  const dataStart = LENGTH_PREFIX_BYTES + headerLength;
  if (dataStart > bytes.length) {
    throw new SafetensorsError(
      `header length ${headerLength} runs past the end of the file (${bytes.length} bytes)`,
    );
  }
  const header = parseHeader(bytes.subarray(LENGTH_PREFIX_BYTES, dataStart));
  const dataLength = bytes.length - dataStart;

  const placements = Object.entries(header)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, info]) => readPlacement(name, info, dataLength));
  checkTiling(placements, dataLength);

  const tensors = placements.map(({ name, dtype, shape, begin, end }): [string, DecodedTensor] => {
    const start = dataStart + begin;
    if (dtype === "U8") return [name, { dtype, shape, data: bytes.slice(start, dataStart + end) }];
    const data = new Float32Array((end - begin) / 4);
    for (let j = 0; j < data.length; j++) data[j] = view.getFloat32(start + 4 * j, true);
    return [name, { dtype, shape, data }];
  });
  return { tensors: Object.fromEntries(tensors), metadata: readMetadata(header[METADATA_KEY]) };
}

function parseHeader(headerBytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(headerBytes);
  } catch {
    throw new SafetensorsError("header is not valid UTF-8");
  }
  if (!text.startsWith("{")) throw new SafetensorsError('header does not start with "{"');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw new SafetensorsError(`header is not valid JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(header)) throw new SafetensorsError("header is not a JSON object");
  return header;
}

function readPlacement(name: string, info: unknown, dataLength: number): TensorPlacement {
  const fail = (problem: string): never => {
    throw new SafetensorsError(`tensor "${name}": ${problem}`);
  };
  if (!isPlainObject(info)) return fail("header entry is not an object");
  const { dtype, shape, data_offsets: offsets } = info;
  if (dtype !== "F32" && dtype !== "U8")
    return fail(`dtype ${JSON.stringify(dtype)} is not supported (F32, U8)`);
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    return fail("shape is not a list of non-negative integers");
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    return fail("data_offsets is not a pair of non-negative integers");
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    return fail(`data_offsets [${begin}, ${end}] are out of range (data buffer is ${dataLength} bytes)`);
  }
  const expectedBytes = elementCount(shape) * BYTES_PER_ELEMENT[dtype];
  if (end - begin !== expectedBytes) {
    return fail(
      `${dtype} shape [${shape.join(", ")}] needs ${expectedBytes} bytes but data_offsets span ${end - begin}`,
    );
  }
  return { name, dtype, shape, begin, end };
}

/** The spec requires the byte ranges to cover the data buffer exactly, without holes. */
function checkTiling(placements: TensorPlacement[], dataLength: number): void {
  const byStart = [...placements].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: TensorPlacement | undefined;
  for (const placement of byStart) {
    if (previous !== undefined && placement.begin < covered) {
      throw new SafetensorsError(
        `tensors "${previous.name}" [${previous.begin}, ${previous.end}] and "${placement.name}" [${placement.begin}, ${placement.end}] overlap`,
      );
    }
    if (placement.begin > covered) {
      throw new SafetensorsError(
        `bytes ${covered}–${placement.begin} of the data buffer belong to no tensor`,
      );
    }
    covered = placement.end;
    previous = placement;
  }
  if (covered !== dataLength) {
    throw new SafetensorsError(`bytes ${covered}–${dataLength} of the data buffer belong to no tensor`);
  }
}

function readMetadata(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isPlainObject(value) || !Object.values(value).every((v) => typeof v === "string")) {
    throw new SafetensorsError(`"${METADATA_KEY}" is not an object of strings`);
  }
  return Object.fromEntries(Object.entries(value as Record<string, string>));
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
