// A plain re-implementation of the lab's ViT in float64 loops, written from the definitions
// (timm's pre-norm ViT, docs/algorithms.md) and sharing no code with src/core/models: the
// cross-check that the model, its criteria and its optimizer step compute what they claim.

export type Params = Record<string, { shape: number[]; data: Float64Array }>;

export interface VitDims {
  depth: number;
  embedDim: number;
  numHeads: number;
  hidden: number;
  patchSize: number;
}

/** Where an activation is nudged: the set ("blocks.0.attn" / "blocks.0.mlp"), row t·B + b, column. */
export interface Nudge {
  set: string;
  row: number;
  col: number;
  delta: number;
}

export interface VitTrace {
  logits: number[][];
  /** Per set: rows [T·B] × columns (head outputs before proj, or MLP values after GELU). */
  activations: Record<string, number[][]>;
}

/** erf to about 1e-7 (Numerical Recipes' erfc, a Chebyshev fit): far inside the 1e-5 the tests ask. */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - r : r - 1;
}

const gelu = (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2));

function matrix(p: Params, name: string): (i: number, j: number) => number {
  const { shape, data } = p[name]!;
  const cols = shape.slice(1).reduce((a, b) => a * b, 1);
  return (i, j) => data[i * cols + j]!;
}

const vector = (p: Params, name: string) => p[name]!.data;

/** y = x·Wᵀ + b, W out×in. */
function linear(x: number[][], p: Params, weight: string, bias: string): number[][] {
  const w = matrix(p, weight);
  const b = vector(p, bias);
  const out = p[weight]!.shape[0]!;
  return x.map((row) =>
    Array.from({ length: out }, (_, o) => row.reduce((sum, value, i) => sum + value * w(o, i), b[o]!)),
  );
}

function layerNorm(x: number[][], p: Params, prefix: string): number[][] {
  const g = vector(p, `${prefix}.weight`);
  const b = vector(p, `${prefix}.bias`);
  return x.map((row) => {
    const mean = row.reduce((s, v) => s + v, 0) / row.length;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / row.length;
    const scale = 1 / Math.sqrt(variance + 1e-6);
    return row.map((v, i) => (v - mean) * scale * g[i]! + b[i]!);
  });
}

const nudged = (rows: number[][], set: string, nudge?: Nudge) =>
  nudge && nudge.set === set
    ? rows.map((row, r) =>
        r === nudge.row ? row.map((v, c) => (c === nudge.col ? v + nudge.delta : v)) : row,
      )
    : rows;

/**
 * Logits of normalized images x [B][H][W][C] with the given (already masked) parameters.
 * Token-major rows: row t·B + b is token t of image b, as the lab's activations are laid out.
 */
export function vitForward(x: number[][][][], p: Params, dims: VitDims, nudge?: Nudge): VitTrace {
  const batch = x.length;
  const height = x[0]!.length;
  const width = x[0]![0]!.length;
  const channels = x[0]![0]![0]!.length;
  const { embedDim: e, numHeads, patchSize: s } = dims;
  const d = e / numHeads;
  const grid = [height / s, width / s];
  const numPatches = grid[0]! * grid[1]!;
  const tokens = numPatches + 1;
  const embed = matrix(p, "patch_embed.proj.weight");
  const embedBias = vector(p, "patch_embed.proj.bias");
  const cls = vector(p, "cls_token");
  const pos = vector(p, "pos_embed");
  // rows[t·B + b]
  let rows: number[][] = Array.from({ length: tokens * batch }, (_, r) => {
    const t = Math.floor(r / batch);
    const b = r % batch;
    return Array.from({ length: e }, (_, o) => {
      let value: number;
      if (t === 0) value = cls[o]!;
      else {
        const patch = t - 1;
        const py = Math.floor(patch / grid[1]!);
        const px = patch % grid[1]!;
        value = embedBias[o]!;
        // The conv weight [E, C, p, p] flattened: feature (c, i, j).
        for (let c = 0; c < channels; c++)
          for (let i = 0; i < s; i++)
            for (let j = 0; j < s; j++)
              value += embed(o, c * s * s + i * s + j) * x[b]![py * s + i]![px * s + j]![c]!;
      }
      return value + pos[t * e + o]!;
    });
  });
  const activations: Record<string, number[][]> = {};
  for (let blockIndex = 0; blockIndex < dims.depth; blockIndex++) {
    const prefix = `blocks.${blockIndex}`;
    const normed = layerNorm(rows, p, `${prefix}.norm1`);
    const qkv = linear(normed, p, `${prefix}.attn.qkv.weight`, `${prefix}.attn.qkv.bias`);
    const headOut: number[][] = rows.map(() => new Array<number>(e).fill(0));
    for (let b = 0; b < batch; b++) {
      for (let h = 0; h < numHeads; h++) {
        for (let i = 0; i < tokens; i++) {
          const q = qkv[i * batch + b]!;
          const scores = Array.from({ length: tokens }, (_, j) => {
            const k = qkv[j * batch + b]!;
            let dot = 0;
            for (let c = 0; c < d; c++) dot += q[h * d + c]! * k[e + h * d + c]!;
            return dot / Math.sqrt(d);
          });
          const top = Math.max(...scores);
          const weights = scores.map((v) => Math.exp(v - top));
          const total = weights.reduce((sum, w) => sum + w, 0);
          for (let c = 0; c < d; c++) {
            let value = 0;
            for (let j = 0; j < tokens; j++)
              value += (weights[j]! / total) * qkv[j * batch + b]![2 * e + h * d + c]!;
            headOut[i * batch + b]![h * d + c] = value;
          }
        }
      }
    }
    const attn = nudged(headOut, `${prefix}.attn`, nudge);
    activations[`${prefix}.attn`] = attn;
    const projected = linear(attn, p, `${prefix}.attn.proj.weight`, `${prefix}.attn.proj.bias`);
    rows = rows.map((row, r) => row.map((v, c) => v + projected[r]![c]!));
    const hidden = linear(
      layerNorm(rows, p, `${prefix}.norm2`),
      p,
      `${prefix}.mlp.fc1.weight`,
      `${prefix}.mlp.fc1.bias`,
    ).map((row) => row.map(gelu));
    const mlp = nudged(hidden, `${prefix}.mlp`, nudge);
    activations[`${prefix}.mlp`] = mlp;
    const out = linear(mlp, p, `${prefix}.mlp.fc2.weight`, `${prefix}.mlp.fc2.bias`);
    rows = rows.map((row, r) => row.map((v, c) => v + out[r]![c]!));
  }
  const features = layerNorm(rows.slice(0, batch), p, "norm");
  return { logits: linear(features, p, "head.weight", "head.bias"), activations };
}

/** Mean softmax cross-entropy of logits against integer labels. */
export function crossEntropy(logits: number[][], labels: number[]): number {
  let total = 0;
  logits.forEach((row, b) => {
    const top = Math.max(...row);
    const logSum = Math.log(row.reduce((s, v) => s + Math.exp(v - top), 0)) + top;
    total += logSum - row[labels[b]!]!;
  });
  return total / logits.length;
}

/** The parameters with every mask applied: W ⊙ M (and owned masks). */
export function masked(p: Params, masks: Params): Params {
  const out: Params = {};
  for (const [name, t] of Object.entries(p)) {
    const m = masks[name];
    out[name] = m ? { shape: t.shape, data: t.data.map((v, i) => v * m.data[i]!) } : t;
  }
  return out;
}

/** ∂f/∂θ for every entry of every parameter, by central differences in float64. */
export function numericGradient(p: Params, f: (q: Params) => number, step = 1e-5): Params {
  const grads: Params = {};
  for (const [name, t] of Object.entries(p)) {
    const g = new Float64Array(t.data.length);
    for (let i = 0; i < t.data.length; i++) {
      const original = t.data[i]!;
      t.data[i] = original + step;
      const up = f(p);
      t.data[i] = original - step;
      const down = f(p);
      t.data[i] = original;
      g[i] = (up - down) / (2 * step);
    }
    grads[name] = { shape: t.shape, data: g };
  }
  return grads;
}
