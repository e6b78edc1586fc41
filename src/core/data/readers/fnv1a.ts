// FNV-1a, 64-bit, over a sequence of byte chunks: a stable content hash without crypto APIs.
// The 64-bit state is four 16-bit limbs, so that every intermediate product stays a small
// integer (fast in JS engines). The FNV prime is 2^40 + 0x1b3: limb 0 times 0x1b3 plus
// limb 2 times 0x100.

/** 16 lowercase hex digits. */
export function fnv1a64(chunks: readonly Uint8Array[]): string {
  // Offset basis 0xcbf29ce484222325, least significant limb first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      h0 ^= chunk[i]!;
      const t0 = h0 * 0x1b3;
      const t1 = h1 * 0x1b3 + (t0 >>> 16);
      const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16);
      const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16);
      h0 = t0 & 0xffff;
      h1 = t1 & 0xffff;
      h2 = t2 & 0xffff;
      h3 = t3 & 0xffff;
    }
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, "0")).join("");
}
