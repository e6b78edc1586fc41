// A procedural dataset for tests and the tiny presets: 16×16 grey images, 4 classes.
// The class is the orientation of a striped texture (0 horizontal, 1 vertical, 2 diagonal ╲,
// 3 anti-diagonal ╱) painted over a random rectangle of at least 8×8 pixels on a noisy
// background. Any 4×4 patch inside the rectangle shows a full stripe period, so a tiny ViT
// learns it in a few epochs; noise, contrast and the partial coverage keep it from being
// solved in one step.
import type { Rng } from "../rng";
import type { ImageSet } from "../types";

export const SYNTHETIC_SIDE = 16;
export const SYNTHETIC_CLASSES = 4;

const PERIOD = 4;
const MIN_REGION = 8;
const NOISE_MAX = 60;

/** Signed distance along the stripe normal of each class, per pixel. */
const STRIPE_COORDINATE: ((row: number, col: number) => number)[] = [
  (row) => row,
  (_row, col) => col,
  (row, col) => row + col,
  (row, col) => row - col,
];

/** Labels cycle 0,1,2,3,… so every class is present whenever count ≥ 4. */
export function generateSynthetic(count: number, rng: Rng): ImageSet {
  const pixelsPerImage = SYNTHETIC_SIDE * SYNTHETIC_SIDE;
  const images = new Uint8Array(count * pixelsPerImage);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % SYNTHETIC_CLASSES;
    labels[i] = label;
    const height = MIN_REGION + rng.int(SYNTHETIC_SIDE - MIN_REGION + 1);
    const width = MIN_REGION + rng.int(SYNTHETIC_SIDE - MIN_REGION + 1);
    const top = rng.int(SYNTHETIC_SIDE - height + 1);
    const left = rng.int(SYNTHETIC_SIDE - width + 1);
    const phase = rng.int(PERIOD);
    const contrast = 110 + rng.next() * 120;
    const stripe = STRIPE_COORDINATE[label]!;
    const base = i * pixelsPerImage;
    for (let row = 0; row < SYNTHETIC_SIDE; row++) {
      for (let col = 0; col < SYNTHETIC_SIDE; col++) {
        const inside = row >= top && row < top + height && col >= left && col < left + width;
        const on = inside && (((stripe(row, col) + phase) % PERIOD) + PERIOD) % PERIOD < PERIOD / 2;
        const value = rng.next() * NOISE_MAX + (on ? contrast : 0);
        images[base + row * SYNTHETIC_SIDE + col] = Math.min(255, Math.round(value));
      }
    }
  }
  return { images, labels, count };
}
