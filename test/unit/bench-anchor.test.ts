// The bench's PyTorch anchor rows, the ratios against them, the kernel count and the targets.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { countKernels } from "../../bench/kernels";
import { parseTorchReport, torchRecords, withTorchRatios } from "../../bench/pytorch";
import type { BenchRecord } from "../../bench/record";
import { formatTargets, verdict } from "../../bench/targets";

const spread = (median: number) => ({ median, min: median, max: median });

function labRow(name: string, backend: string, ms: number, extra: Partial<BenchRecord> = {}): BenchRecord {
  return { name, backend, msPerStep: spread(ms), samplesPerSec: 0, gflops: 0, ceilingGflops: 0, ...extra };
}

describe("the PyTorch report", () => {
  const text = JSON.stringify({
    torch: "2.13.0+cpu",
    optimizer: "adamw",
    rows: [
      { arch: "vit", backend: "pytorch-cpu-1t", threads: 1, msPerStep: spread(40) },
      { arch: "vit", backend: "pytorch-cpu", threads: 2, msPerStep: spread(25) },
    ],
  });

  it("becomes one row per timing, named as the lab's row of that arch", () => {
    const rows = torchRecords(parseTorchReport(text), (arch) => `${arch}-row`);
    expect(rows.map((r) => [r.name, r.backend, r.msPerStep.median])).toEqual([
      ["vit-row", "pytorch-cpu-1t", 40],
      ["vit-row", "pytorch-cpu", 25],
    ]);
    expect(rows[1]!.note).toBe("PyTorch 2.13.0+cpu, adamw, 2 threads");
  });

  it("refuses a row without a finite median", () => {
    const bad = JSON.stringify({
      torch: "2",
      optimizer: "sgd",
      rows: [{ arch: "vit", backend: "pytorch-cpu", msPerStep: { median: null, min: 1, max: 2 } }],
    });
    expect(() => parseTorchReport(bad)).toThrow(/row 0 is malformed/);
  });

  it("divides each lab row by the one-thread time of the same row, and only those", () => {
    // 170 / 40 = 4.25; 260 / 40 = 6.5; the ResNet row has no anchor of its own.
    const rated = withTorchRatios([
      labRow("vit-tiny-train", "wasm", 170),
      labRow("vit-tiny-train", "pytorch-cpu-1t", 40),
      labRow("vit-tiny-train", "pytorch-cpu", 25),
      labRow("vit-tiny-train", "cpu", 260),
      labRow("resnet-train", "wasm", 300),
    ]);
    expect(rated.map((r) => r.vsTorch1t)).toEqual([4.25, undefined, undefined, 6.5, undefined]);
  });
});

describe("the targets", () => {
  it("say met, or by what factor they are missed", () => {
    expect(verdict(0.31, 0.6, false)).toBe("missed (×1.94 off)");
    expect(verdict(0.6, 0.6, false)).toBe("met");
    expect(verdict(380, 400, true)).toBe("met");
    expect(verdict(1000, 400, true)).toBe("missed (×2.50 off)");
  });

  it("read the WASM ViT row's ceiling share, PyTorch ratio and kernels, and WebGPU vs WebGL", () => {
    const lines = formatTargets([
      // 5.5 of 18 GFLOP/s: 30.6%.
      labRow("vit-tiny-train", "wasm", 170, {
        gflops: 5.5,
        ceilingGflops: 18,
        vsTorch1t: 4.25,
        kernelsPerStep: 600,
      }),
      labRow("vit-tiny-train", "chromium-webgl", 1700),
      labRow("vit-tiny-train", "chromium-webgpu", 21000),
    ]);
    expect(lines).toEqual([
      "target: ViT step on WASM ≥ 60% of ceiling: 31%, missed (×1.96 off)",
      "target: ViT step on WASM ≤ ×2.5 PyTorch 1 thread: ×4.25, missed (×1.70 off)",
      "target: ≤ 400 kernels per ViT step: 600, missed (×1.50 off)",
      "target: Chromium WebGPU ViT step no slower than WebGL: ×12.35 WebGL's time, missed (×12.35 off)",
    ]);
  });
});

describe("countKernels", () => {
  it("counts the backend kernels a step runs, not the tensors it makes", async () => {
    await tf.setBackend("cpu");
    const a = tf.tensor1d([1, 2, 3]);
    // mul, add, sum: three kernels; the customGrad wrapper around the mul adds none.
    const doubled = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => ({
      value: tf.mul(inputs[0] as tf.Tensor, 2),
      gradFunc: (dy: tf.Tensor) => dy,
    }));
    const counted = await countKernels(async () => {
      const out = tf.tidy(() => tf.sum(tf.add(doubled(a) as tf.Tensor, 1)));
      await out.data();
      out.dispose();
    });
    expect(counted).toEqual({ kernels: 3 });
    a.dispose();
  });
});
