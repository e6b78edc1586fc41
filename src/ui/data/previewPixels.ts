// Sample images as the RGBA pixels a canvas takes (gray images repeat their one channel).

/** Image `index` of `images` (HWC uint8, `channels` 1 or 3) as opaque RGBA. */
export function toRgba(
  images: Uint8Array,
  index: number,
  pixelsPerImage: number,
  channels: number,
): Uint8ClampedArray<ArrayBuffer> {
  const points = pixelsPerImage / channels;
  const start = index * pixelsPerImage;
  const rgba = new Uint8ClampedArray(points * 4);
  for (let p = 0; p < points; p++) {
    for (let c = 0; c < 3; c++) rgba[4 * p + c] = images[start + p * channels + (channels === 3 ? c : 0)]!;
    rgba[4 * p + 3] = 255;
  }
  return rgba;
}
