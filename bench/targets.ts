// Issue 17's targets, read off one bench run's records: each says met, or missed by how much.
// Ratios compare rows of the same run (the machine is shared; absolute times drift).
import type { BenchRecord } from "./record";

export const TARGETS = {
  /** The reference ViT step on Node WASM, as a share of the same backend's matMul ceiling. */
  vitCeilingShare: 0.6,
  /** …and as a multiple of PyTorch's one-thread CPU step. */
  vitVsTorch1t: 2.5,
  /** Backend kernels per reference ViT step. */
  vitKernels: 400,
  /** Seconds from Run to the first heatmap, and to done, of the default preset (issue 18). */
  firstHeatmapSeconds: 30,
  firstRunDoneSeconds: 180,
} as const;

function find(records: BenchRecord[], name: string, backend: string): BenchRecord | undefined {
  return records.find((r) => r.name === name && r.backend === backend);
}

/** "met" when `value` is on the right side of `limit`, else how far it is from it. */
export function verdict(value: number, limit: number, atMost: boolean): string {
  const met = atMost ? value <= limit : value >= limit;
  if (met) return "met";
  const missedBy = atMost ? value / limit : limit / value;
  return `missed (×${missedBy.toFixed(2)} off)`;
}

export function formatTargets(records: BenchRecord[]): string[] {
  const lines: string[] = [];
  for (const [name, limit] of [
    ["first-heatmap", TARGETS.firstHeatmapSeconds],
    ["first-run-done", TARGETS.firstRunDoneSeconds],
  ] as const) {
    const row = find(records, name, "chromium-wasm");
    if (row === undefined) continue;
    const seconds = row.msPerStep.median / 1000;
    lines.push(`target: ${name} ≤ ${limit} s: ${seconds.toFixed(1)} s, ${verdict(seconds, limit, true)}`);
  }
  const vit = find(records, "vit-tiny-train", "wasm");
  if (vit !== undefined) {
    const share = vit.gflops / vit.ceilingGflops;
    lines.push(
      `target: ViT step on WASM ≥ ${100 * TARGETS.vitCeilingShare}% of ceiling: ${(100 * share).toFixed(0)}%, ${verdict(share, TARGETS.vitCeilingShare, false)}`,
    );
    if (vit.vsTorch1t !== undefined) {
      lines.push(
        `target: ViT step on WASM ≤ ×${TARGETS.vitVsTorch1t} PyTorch 1 thread: ×${vit.vsTorch1t.toFixed(2)}, ${verdict(vit.vsTorch1t, TARGETS.vitVsTorch1t, true)}`,
      );
    } else lines.push("target: ViT step vs PyTorch: not measured (no torch)");
    if (vit.kernelsPerStep !== undefined) {
      lines.push(
        `target: ≤ ${TARGETS.vitKernels} kernels per ViT step: ${vit.kernelsPerStep}, ${verdict(vit.kernelsPerStep, TARGETS.vitKernels, true)}`,
      );
    }
  }
  const resnet = find(records, "resnet-train", "wasm");
  if (resnet !== undefined) {
    const share = (100 * resnet.gflops) / resnet.ceilingGflops;
    const torch =
      resnet.vsTorch1t === undefined ? "no torch" : `×${resnet.vsTorch1t.toFixed(2)} PyTorch 1 thread`;
    lines.push(`reported: ResNet step on WASM: ${share.toFixed(0)}% of ceiling, ${torch}`);
  }
  const sweep = find(records, "sweep-jobs2", "wasm");
  if (sweep?.note !== undefined)
    lines.push(`reported: tiny CLI sweep, --jobs 2: ${sweep.note.split(":")[0]}`);
  const webgpu = find(records, "vit-tiny-train", "chromium-webgpu");
  const webgl = find(records, "vit-tiny-train", "chromium-webgl");
  if (webgpu !== undefined && webgl !== undefined) {
    const ratio = webgpu.msPerStep.median / webgl.msPerStep.median;
    lines.push(
      `target: Chromium WebGPU ViT step no slower than WebGL: ×${ratio.toFixed(2)} WebGL's time, ${verdict(ratio, 1, true)}`,
    );
  }
  return lines;
}
