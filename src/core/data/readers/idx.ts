// IDX files (MNIST, Fashion-MNIST): a big-endian magic 0x0000 08 NN (unsigned bytes, NN
// dimensions), NN big-endian u32 sizes, then the bytes in row-major order.
// Images are idx3 (count, rows, columns), labels idx1 (count).
import { formatCount } from "../../io/format-count";
import { type Parsed, problem } from "./parsed";

export interface IdxImages {
  count: number;
  rows: number;
  columns: number;
  /** count·rows·columns bytes, one channel, row-major: already HWC. */
  pixels: Uint8Array;
}

const UNSIGNED_BYTE_TYPE = 0x08;

export function parseIdxImages(bytes: Uint8Array): Parsed<IdxImages> {
  const header = readHeader(bytes, 3);
  if (!header.ok) return header;
  const [count, rows, columns] = header.value.sizes as [number, number, number];
  if (count === 0) return problem("no images (its header declares a count of 0)");
  if (rows === 0 || columns === 0) return problem(`its header declares images of ${rows}×${columns} pixels`);
  const what = `${formatCount(count)} images of ${rows}×${columns}`;
  const body = readBody(bytes, header.value.length, count * rows * columns, what);
  if (!body.ok) return body;
  return { ok: true, value: { count, rows, columns, pixels: body.value } };
}

export function parseIdxLabels(bytes: Uint8Array): Parsed<Uint8Array> {
  const header = readHeader(bytes, 1);
  if (!header.ok) return header;
  const [count] = header.value.sizes as [number];
  if (count === 0) return problem("no labels (its header declares a count of 0)");
  return readBody(bytes, header.value.length, count, `${formatCount(count)} labels`);
}

function readHeader(bytes: Uint8Array, dimensions: number): Parsed<{ sizes: number[]; length: number }> {
  if (bytes.length === 0) return problem("the file is empty");
  const length = 4 + 4 * dimensions;
  const expectedMagic = (UNSIGNED_BYTE_TYPE << 8) | dimensions;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4 || view.getUint32(0) !== expectedMagic) {
    const found = bytes.length < 4 ? `only ${bytes.length} bytes` : hex32(view.getUint32(0));
    return problem(
      `expected the IDX magic ${hex32(expectedMagic)} (unsigned bytes, ${dimensions} dimension${dimensions === 1 ? "" : "s"}), found ${found}`,
    );
  }
  if (bytes.length < length) return problem(`truncated inside its ${length}-byte IDX header`);
  const sizes = Array.from({ length: dimensions }, (_, d) => view.getUint32(4 + 4 * d));
  return { ok: true, value: { sizes, length } };
}

function readBody(
  bytes: Uint8Array,
  headerLength: number,
  bodyLength: number,
  what: string,
): Parsed<Uint8Array> {
  const expected = headerLength + bodyLength;
  if (bytes.length < expected) {
    return problem(
      `truncated: its header declares ${what} (${formatCount(expected)} bytes) but the file has ${formatCount(bytes.length)} bytes`,
    );
  }
  if (bytes.length > expected) {
    return problem(
      `${formatCount(bytes.length - expected)} extra bytes after the ${what} its header declares`,
    );
  }
  return { ok: true, value: bytes.subarray(headerLength) };
}

const hex32 = (value: number) => `0x${value.toString(16).padStart(8, "0")}`;
