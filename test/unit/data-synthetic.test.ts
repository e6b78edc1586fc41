import { describe, expect, it } from "vitest";
import { generateSynthetic, SYNTHETIC_CLASSES, SYNTHETIC_SIDE } from "../../src/core/data/synthetic";
import { createRng } from "../../src/core/rng";

const side = SYNTHETIC_SIDE;

/** The class whose stripe direction best matches image `index`: the smallest mean |Δ| along the stripes. */
function smoothestDirection(images: Uint8Array, index: number): number {
  const pixel = (row: number, col: number) => images[index * side * side + row * side + col]!;
  const steps: [number, number][] = [
    [0, 1], // horizontal stripes are constant along a row
    [1, 0], // vertical stripes are constant down a column
    [1, -1], // ╲ stripes (row + col const) are constant along (1, −1)
    [1, 1], // ╱ stripes (row − col const) are constant along (1, 1)
  ];
  const roughness = steps.map(([dr, dc]) => {
    let sum = 0;
    for (let row = 1; row < side - 1; row++) {
      for (let col = 1; col < side - 1; col++) sum += Math.abs(pixel(row, col) - pixel(row + dr, col + dc));
    }
    return sum;
  });
  return roughness.indexOf(Math.min(...roughness));
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

  it("paints stripes along the labelled direction: a hand-made smoothness rule finds the class", () => {
    // The texture is constant along its stripes, so the direction with the least change
    // between neighbours is the class; noise makes the rule slip on some images.
    const set = generateSynthetic(400, createRng(3));
    let agree = 0;
    for (let i = 0; i < set.count; i++) if (smoothestDirection(set.images, i) === set.labels[i]) agree++;
    expect(agree / set.count).toBeGreaterThan(0.9);
  });
});
