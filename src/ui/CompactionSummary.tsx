// After a run: the pruned model made physically smaller (the worker compacts and times it),
// against the masked-dense model it replaces, and its weights to download.
import type { CompactionSummary as Summary } from "../core/compact/summary";
import type { GroupKind } from "../core/types";
import { downloadBlob } from "../lib/exporters";
import { useLab } from "../store/appStore";

const KIND_WORDS: Record<GroupKind, string> = {
  head: "heads",
  neuron: "MLP neurons",
  channel: "conv channels",
};

const count = (value: number) => value.toLocaleString("en-US");
const megaflops = (flops: number) => `${(flops / 1e6).toFixed(2)} MFLOPs`;

const KINDS: GroupKind[] = ["head", "neuron", "channel"];

function removedInWords(summary: Summary): string {
  return KINDS.flatMap((kind) => {
    const groups = summary.groups[kind];
    return groups ? [`${groups.removed} of ${groups.total} ${KIND_WORDS[kind]}`] : [];
  }).join(", ");
}

export function CompactionSummary() {
  const compaction = useLab((s) => s.run.compaction);
  if (!compaction) return null;
  const { summary, safetensors } = compaction;
  const { latency } = summary;

  const download = () =>
    downloadBlob(
      new Blob([safetensors.slice().buffer], { type: "application/octet-stream" }),
      `pruned-${summary.arch}.safetensors`,
    );

  return (
    <section className="panel compaction" aria-label="Compacted model" data-testid="compaction-summary">
      <div className="compaction-line">
        <p className="compaction-headline">
          Your pruned model: <strong>{count(summary.compactParams)} params</strong>,{" "}
          <strong>{megaflops(summary.compactFlopsPerSample)}</strong> per image,{" "}
          <strong data-testid="compaction-speedup">×{latency.speedup.toFixed(2)} faster</strong>
        </p>
        <button type="button" data-testid="export-compacted" onClick={download}>
          Export compacted weights
        </button>
      </div>
      <p className="compaction-detail">
        The final ticket (the run's result, as trained) with the groups it cut taken out (
        {removedInWords(summary)} removed), against the masked dense model ({count(summary.denseParams)}{" "}
        params, {megaflops(summary.denseFlopsPerSample)}). A batch of {latency.batchSize} on {latency.backend}
        : {latency.maskedMs.toFixed(1)} ms masked, {latency.compactMs.toFixed(1)} ms compacted.
      </p>
    </section>
  );
}
