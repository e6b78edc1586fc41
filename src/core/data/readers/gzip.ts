// Transparent gzip: files are recognized as gzip by their magic bytes 1f 8b, whatever their
// name, and inflated with fflate. The output size is checked against the limit before any
// allocation (the trailer's ISIZE) and the result against the trailer's CRC-32.
import { gunzipSync } from "fflate";
import { formatCount } from "../../io/format-count";
import { type Parsed, problem } from "./parsed";

const GZIP_TRAILER_BYTES = 8;
const GZIP_MIN_BYTES = 18;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The bytes themselves when not gzip, else their inflated content (at most `maxBytes`). */
export function gunzipIfCompressed(bytes: Uint8Array, maxBytes: number): Parsed<Uint8Array> {
  if (!isGzip(bytes)) return { ok: true, value: bytes };
  if (bytes.length < GZIP_MIN_BYTES) return problem("gzip data is truncated");
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - GZIP_TRAILER_BYTES);
  const expectedCrc = trailer.getUint32(0, true);
  const declaredSize = trailer.getUint32(4, true);
  if (declaredSize > maxBytes) {
    // The trailer is the last 4 bytes: a cut-off download puts arbitrary bytes there.
    return problem(
      `gzip trailer declares ${formatCount(declaredSize)} bytes uncompressed, over the ${formatCount(maxBytes)}-byte limit per file (or the file is truncated)`,
    );
  }
  let inflated: Uint8Array;
  try {
    // gunzipSync inflates into a buffer of exactly the declared size.
    inflated = gunzipSync(bytes);
  } catch (error) {
    return problem(`not valid gzip data (${(error as Error).message})`);
  }
  if (inflated.length !== declaredSize || crc32(inflated) !== expectedCrc) {
    return problem("gzip data is corrupt (size or checksum does not match)");
  }
  return { ok: true, value: inflated };
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, reflected), the checksum in gzip's trailer. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
