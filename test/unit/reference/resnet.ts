// A plain float64 CIFAR ResNet (He et al. 2016, torchvision's names), written apart from
// src/core/models: convs as loops over HWIO filters with PyTorch's zero padding, BatchNorm with
// running statistics in evaluation and the batch's in training. It also returns what the lab's criteria observe: each
// block's conv1 output (before its BN) and each stage's output.
import type { Params } from "./vit";

/** [N][H][W][C] */
type Image = number[][][][];

function conv(x: Image, p: Params, name: string, stride: number): Image {
  const { shape, data } = p[`${name}.weight`]!;
  const [kh, kw, cin, cout] = shape as [number, number, number, number];
  const pad = (kh - 1) / 2;
  const height = x[0]!.length;
  const width = x[0]![0]!.length;
  const outH = Math.floor((height + 2 * pad - kh) / stride) + 1;
  const outW = Math.floor((width + 2 * pad - kw) / stride) + 1;
  const w = (i: number, j: number, c: number, o: number) => data[((i * kw + j) * cin + c) * cout + o]!;
  return x.map((image) =>
    Array.from({ length: outH }, (_, oy) =>
      Array.from({ length: outW }, (_, ox) =>
        Array.from({ length: cout }, (_, o) => {
          let sum = 0;
          for (let i = 0; i < kh; i++) {
            const y = oy * stride + i - pad;
            if (y < 0 || y >= height) continue;
            for (let j = 0; j < kw; j++) {
              const xx = ox * stride + j - pad;
              if (xx < 0 || xx >= width) continue;
              for (let c = 0; c < cin; c++) sum += image[y]![xx]![c]! * w(i, j, c, o);
            }
          }
          return sum;
        }),
      ),
    ),
  );
}

/** BatchNorm2d: running statistics in evaluation, the batch's (biased variance) in training. */
function batchNorm(x: Image, p: Params, name: string, training: boolean): Image {
  const g = p[`${name}.weight`]!.data;
  const b = p[`${name}.bias`]!.data;
  const { mean, variance } = training
    ? batchStatistics(x)
    : { mean: p[`${name}.running_mean`]!.data, variance: p[`${name}.running_var`]!.data };
  return x.map((image) =>
    image.map((row) =>
      row.map((pixel) =>
        pixel.map((v, c) => ((v - mean[c]!) / Math.sqrt(variance[c]! + 1e-5)) * g[c]! + b[c]!),
      ),
    ),
  );
}

function batchStatistics(x: Image): { mean: number[]; variance: number[] } {
  const values = x.flatMap((image) => image.flat());
  const channels = values[0]!.length;
  const mean = Array.from(
    { length: channels },
    (_, c) => values.reduce((s, px) => s + px[c]!, 0) / values.length,
  );
  const variance = mean.map((m, c) => values.reduce((s, px) => s + (px[c]! - m) ** 2, 0) / values.length);
  return { mean, variance };
}

const relu = (x: Image): Image => x.map((i) => i.map((r) => r.map((px) => px.map((v) => Math.max(0, v)))));
const add = (a: Image, b: Image): Image =>
  a.map((i, n) => i.map((r, y) => r.map((px, xx) => px.map((v, c) => v + b[n]![y]![xx]![c]!))));

export interface ResNetTrace {
  logits: number[][];
  activations: Record<string, Image>;
}

/** Logits of normalized images with the given (already masked) parameters and buffers. */
export function resnetForward(x: Image, p: Params, training = false): ResNetTrace {
  const activations: Record<string, Image> = {};
  const bn = (input: Image, name: string) => batchNorm(input, p, name, training);
  let h = relu(bn(conv(x, p, "conv1", 1), "bn1"));
  const blocks = [...new Set(Object.keys(p).flatMap((name) => /^(layer\d+\.\d+)\./.exec(name)?.[1] ?? []))];
  blocks.forEach((block, index) => {
    const [stage, position] = block.slice("layer".length).split(".").map(Number) as [number, number];
    const stride = stage > 1 && position === 0 ? 2 : 1;
    const inner = conv(h, p, `${block}.conv1`, stride);
    activations[`${block}.conv1`] = inner;
    const residual = bn(conv(relu(bn(inner, `${block}.bn1`)), p, `${block}.conv2`, 1), `${block}.bn2`);
    const shortcut = p[`${block}.downsample.0.weight`]
      ? bn(conv(h, p, `${block}.downsample.0`, stride), `${block}.downsample.1`)
      : h;
    h = relu(add(residual, shortcut));
    if (!blocks[index + 1]?.startsWith(`layer${stage}.`)) activations[`layer${stage}`] = h;
  });
  const fc = p["fc.weight"]!;
  const fcBias = p["fc.bias"]!.data;
  const features = fc.shape[1]!;
  const logits = h.map((image) => {
    const pooled = new Array<number>(features).fill(0);
    const pixels = image.length * image[0]!.length;
    for (const row of image) {
      for (const px of row) {
        px.forEach((v, c) => {
          pooled[c]! += v / pixels;
        });
      }
    }
    return Array.from({ length: fc.shape[0]! }, (_, o) =>
      pooled.reduce((sum, v, c) => sum + v * fc.data[o * features + c]!, fcBias[o]!),
    );
  });
  return { logits, activations };
}
