// The seeded stream: mulberry32 against a re-computation in BigInt arithmetic, its state and
// seed conventions, and the Fisher–Yates shuffle worked by hand.
import { describe, expect, it } from "vitest";
import { createRng, permutation, type Rng } from "../../src/core/rng";

/** mulberry32 written out in 64-bit BigInt arithmetic, reduced mod 2³² where C's uint32 would wrap. */
function reference(seed: number): () => number {
  const M = 1n << 32n;
  const u = (x: bigint) => ((x % M) + M) % M;
  const imul = (a: bigint, b: bigint) => u(a * b);
  let state = BigInt(seed >>> 0);
  return () => {
    state = u(state + 0x6d2b79f5n);
    let t = state;
    t = imul(t ^ (t >> 15n), t | 1n);
    t = u(t ^ u(t + imul(t ^ (t >> 7n), t | 61n)));
    return Number(u(t ^ (t >> 14n))) / 2 ** 32;
  };
}

describe("createRng", () => {
  it("is mulberry32: the first 1000 values of three seeds equal the re-computation", () => {
    for (const seed of [1, 42, 0xdeadbeef]) {
      const rng = createRng(seed);
      const ref = reference(seed);
      for (let i = 0; i < 1000; i++) expect(rng.next()).toBe(ref());
    }
  });

  it("stays in [0, 1), and int(n) in 0..n−1", () => {
    const rng = createRng(7);
    for (let i = 0; i < 2000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      const k = rng.int(3);
      expect([0, 1, 2]).toContain(k);
    }
  });

  it("reads seed 0 as the golden-ratio constant, and a negative seed as its uint32", () => {
    expect(createRng(0).next()).toBe(createRng(0x9e3779b9).next());
    expect(createRng(-1).next()).toBe(createRng(0xffffffff).next());
  });

  it("continues the same stream from its state; int and seed draw from it", () => {
    const rng = createRng(5);
    rng.next();
    const copy = createRng(123, rng.state());
    expect([copy.next(), copy.next()]).toEqual([rng.next(), rng.next()]);
    const a = createRng(9);
    const b = createRng(9);
    expect(a.int(10)).toBe(Math.floor(b.next() * 10));
    expect(a.seed()).toBe(Math.floor(b.next() * 4294967296));
  });
});

describe("permutation", () => {
  it("swaps i with int(i + 1) from the end: with int always 0, [0,1,2,3] → [1,2,3,0]", () => {
    const zero: Rng = { next: () => 0, int: () => 0, seed: () => 0, state: () => 0 };
    // i = 3: [3,1,2,0]; i = 2: [2,1,3,0]; i = 1: [1,2,3,0]
    expect([...permutation(4, zero)]).toEqual([1, 2, 3, 0]);
  });

  it("with int(i + 1) = i leaves the order as it is, and is a permutation for a real stream", () => {
    const last: Rng = { next: () => 0, int: (n) => n - 1, seed: () => 0, state: () => 0 };
    expect([...permutation(5, last)]).toEqual([0, 1, 2, 3, 4]);
    const order = permutation(50, createRng(3));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...order]).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...permutation(0, createRng(3))]).toEqual([]);
  });
});
