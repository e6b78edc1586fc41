// A procedural dataset for tests and the tiny presets: 16×16 grey images, 4 classes.
// The class is the quadrant that holds a bright Gaussian blob (0 top-left, 1 top-right,
// 2 bottom-left, 3 bottom-right). The blob's centre, width and peak are jittered, the
// background is noisy, and half the images carry a dimmer distractor blob in another
// quadrant, so the task is learnable in a few epochs but not solved in one step.
// Blob centres stay 2 pixels inside their quadrant, so ±2-pixel shifts keep the class.
import type { Rng } from "../rng";
import type { ImageSet } from "../types";

export const SYNTHETIC_SIDE = 16;
export const SYNTHETIC_CLASSES = 4;

const HALF = SYNTHETIC_SIDE / 2;
const NOISE_MAX = 48;
const DISTRACTOR_PROBABILITY = 0.5;

/** Labels cycle 0,1,2,3,… so every class is present whenever count ≥ 4. */
export function generateSynthetic(count: number, rng: Rng): ImageSet {
  const pixelsPerImage = SYNTHETIC_SIDE * SYNTHETIC_SIDE;
  const images = new Uint8Array(count * pixelsPerImage);
  const labels = new Uint8Array(count);
  const canvas = new Float32Array(pixelsPerImage);
  for (let i = 0; i < count; i++) {
    const label = i % SYNTHETIC_CLASSES;
    labels[i] = label;
    for (let p = 0; p < pixelsPerImage; p++) canvas[p] = rng.next() * NOISE_MAX;
    drawBlob(canvas, label, 170 + rng.next() * 85, rng);
    if (rng.next() < DISTRACTOR_PROBABILITY) {
      const other = (label + 1 + rng.int(SYNTHETIC_CLASSES - 1)) % SYNTHETIC_CLASSES;
      drawBlob(canvas, other, 60 + rng.next() * 50, rng);
    }
    const base = i * pixelsPerImage;
    for (let p = 0; p < pixelsPerImage; p++) images[base + p] = Math.min(255, Math.round(canvas[p]!));
  }
  return { images, labels, count };
}

/** Adds a Gaussian blob of height `peak` at a jittered spot inside `quadrant`. */
function drawBlob(canvas: Float32Array, quadrant: number, peak: number, rng: Rng): void {
  const centreRow = (quadrant >> 1) * HALF + 2 + rng.next() * (HALF - 4);
  const centreCol = (quadrant & 1) * HALF + 2 + rng.next() * (HALF - 4);
  const sigma = 0.9 + rng.next() * 0.9;
  const twoSigmaSquared = 2 * sigma * sigma;
  for (let row = 0; row < SYNTHETIC_SIDE; row++) {
    for (let col = 0; col < SYNTHETIC_SIDE; col++) {
      const distanceSquared = (row - centreRow) ** 2 + (col - centreCol) ** 2;
      canvas[row * SYNTHETIC_SIDE + col]! += peak * Math.exp(-distanceSquared / twoSigmaSquared);
    }
  }
}
