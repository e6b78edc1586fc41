// Parser of public/data/mnist.bin, written by scripts/build-mnist.mjs. Layout (little-endian):
// "PLMN" magic, uint32 count, uint8 rows, uint8 cols, `count` label bytes, then
// count×rows×cols pixel bytes. The CLI reads the file from disk, the browser fetches it;
// both hand the bytes here.

export interface MnistPool {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

const MAGIC = [0x50, 0x4c, 0x4d, 0x4e]; // "PLMN"
const HEADER_BYTES = 10;

/** The returned arrays are views into `bytes` (no copy). */
export function parseMnistBin(bytes: Uint8Array): MnistPool {
  if (bytes.length < HEADER_BYTES) {
    throw new Error(`mnist.bin: truncated header (${bytes.length} bytes, need ${HEADER_BYTES})`);
  }
  if (!MAGIC.every((byte, i) => bytes[i] === byte)) {
    throw new Error('mnist.bin: not a Pruning Lab MNIST file (magic is not "PLMN")');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const rows = view.getUint8(8);
  const cols = view.getUint8(9);
  const labelsEnd = HEADER_BYTES + count;
  const expected = labelsEnd + count * rows * cols;
  if (bytes.length < expected) {
    throw new Error(
      `mnist.bin: truncated (${bytes.length} bytes, header promises ${count} images of ${rows}×${cols} = ${expected} bytes)`,
    );
  }
  return {
    labels: bytes.subarray(HEADER_BYTES, labelsEnd),
    images: bytes.subarray(labelsEnd, expected),
    count,
    rows,
    cols,
  };
}
