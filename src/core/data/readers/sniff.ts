// Names common kinds of files that are not datasets, to explain why a file failed to parse.
// Used only after a structural check failed, so that a valid file is never judged by its look.

const SIGNATURES: { bytes: number[]; offset: number; kind: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], offset: 0, kind: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], offset: 0, kind: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], offset: 0, kind: "a GIF image" },
  { bytes: [0x50, 0x4b, 0x03, 0x04], offset: 0, kind: "a ZIP archive" },
  { bytes: [0x75, 0x73, 0x74, 0x61, 0x72], offset: 257, kind: "a tar archive" },
  { bytes: [0x25, 0x50, 0x44, 0x46], offset: 0, kind: "a PDF document" },
];

const TEXT_SAMPLE_BYTES = 512;

/** "a PNG image", "text", … or null when the bytes look like nothing in particular. */
export function recognizeForeignContent(bytes: Uint8Array): string | null {
  for (const { bytes: signature, offset, kind } of SIGNATURES) {
    if (signature.every((byte, i) => bytes[offset + i] === byte)) return kind;
  }
  const sample = bytes.subarray(0, TEXT_SAMPLE_BYTES);
  const isText =
    sample.length > 0 &&
    sample.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f));
  return isText ? "text" : null;
}
