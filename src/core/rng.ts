// A small seeded PRNG (mulberry32) so that data splits, shuffles, augmentation and
// initialization are reproducible under `seed` without touching Math.random.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** A fresh 32-bit seed, for tfjs ops that take one. */
  seed(): number;
  /** The internal state, to continue the same stream later with `createRng(seed, state)`. */
  state(): number;
}

export function createRng(seed: number, resumeState?: number): Rng {
  let state = resumeState ?? (seed >>> 0 || 0x9e3779b9);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    seed: () => Math.floor(next() * 4294967296),
    state: () => state,
  };
}

/** Fisher–Yates shuffle of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  return order;
}
