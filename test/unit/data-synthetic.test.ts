import { describe, expect, it } from "vitest";
import { generateSynthetic, SYNTHETIC_CLASSES, SYNTHETIC_SIDE } from "../../src/core/data/synthetic";
import { createRng } from "../../src/core/rng";

const side = SYNTHETIC_SIDE;

/** The quadrant (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right) with the largest pixel sum. */
function brightestQuadrant(images: Uint8Array, index: number): number {
  const sums = [0, 0, 0, 0];
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      const quadrant = (row < side / 2 ? 0 : 2) + (col < side / 2 ? 0 : 1);
      sums[quadrant]! += images[index * side * side + row * side + col]!;
    }
  }
  return sums.indexOf(Math.max(...sums));
}

describe("generateSynthetic", () => {
  it("is deterministic under the seed and differs across seeds", () => {
    const a = generateSynthetic(20, createRng(7));
    const b = generateSynthetic(20, createRng(7));
    const c = generateSynthetic(20, createRng(8));
    expect(a.images).toEqual(b.images);
    expect(a.labels).toEqual(b.labels);
    expect(a.images).not.toEqual(c.images);
  });

  it("makes count 16×16 images with every class present", () => {
    const set = generateSynthetic(6, createRng(1));
    expect(set.count).toBe(6);
    expect(set.images.length).toBe(6 * side * side);
    expect(new Set(set.labels)).toEqual(new Set([0, 1, 2, 3]));
    expect(SYNTHETIC_CLASSES).toBe(4);
  });

  it("puts the most light in the labelled quadrant for most images, but not all", () => {
    // Learnable: quadrant sums separate the classes well. Not trivial: noise and the
    // dimmer distractor blob fool this rule on a few images.
    const set = generateSynthetic(1000, createRng(3));
    let agree = 0;
    for (let i = 0; i < set.count; i++) if (brightestQuadrant(set.images, i) === set.labels[i]) agree++;
    expect(agree / set.count).toBeGreaterThan(0.9);
    expect(agree / set.count).toBeLessThan(1);
  });
});
