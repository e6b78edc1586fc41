// Layers × heads small multiples of the class token's attention over the patches, for one of
// the logged test images, as the iteration chosen on the slider left them. Dead heads are
// greyed; hovering or focusing a head shows its importance, its ablation Δloss and both ranks.
import { useMemo, useState } from "react";
import "./heads.css";
import { useLab } from "../../store/appStore";
import type { ImagePixels } from "../../store/views/attentionImagePixels";
import { iterationAt } from "../../store/views/groupViews";
import { type HeadMapView, headMaps } from "../../store/views/headViews";
import { toRgba } from "../data/previewPixels";
import { number } from "../format";
import { useAttentionImage } from "./useAttentionImage";

interface Focus {
  layer: number;
  head: number;
}

function rankText(rank: number | null, of: number): string {
  return rank === null ? "–" : `${rank} of ${of}`;
}

function headSummary(layer: number, view: HeadMapView, of: number, criterion: string): string {
  const importance = view.importance === null ? "–" : number(view.importance);
  const ablation = view.ablation === null ? "–" : number(view.ablation);
  return (
    `block ${layer + 1} · head ${view.head + 1}${view.alive ? "" : " (dead)"}: ${criterion} ${importance} ` +
    `(rank ${rankText(view.importanceRank, of)}), ablation Δloss ${ablation} (rank ${rankText(view.ablationRank, of)})`
  );
}

function PatchGrid({ weights }: { weights: number[] }) {
  const side = Math.round(Math.sqrt(weights.length));
  const peak = Math.max(...weights, 1e-12);
  return (
    <span className="patch-grid" style={{ gridTemplateColumns: `repeat(${side}, 1fr)` }}>
      {weights.map((weight, patch) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: patches are positions, fixed for the model
        <span key={patch} className="patch" style={{ opacity: (0.8 * weight) / peak }} />
      ))}
    </span>
  );
}

/** The image as a data URL to draw the maps over, or null when the page cannot recompute it. */
function imageUrl(image: ImagePixels | null): string | null {
  if (!image) return null;
  const [height, width, channels] = image.shape;
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  if (!context) return null;
  context.putImageData(
    new ImageData(toRgba(image.pixels, 0, height * width * channels, channels), width, height),
    0,
    0,
  );
  return canvas.toDataURL();
}

export function AttentionMaps() {
  const log = useLab((s) => s.run.log);
  const selected = useLab((s) => s.selectedIteration);
  const record = iterationAt(log, selected);
  const images = record?.attention?.images ?? [];
  const [chosen, setChosen] = useState(0);
  const image = Math.min(chosen, Math.max(images.length - 1, 0));
  const layers = useMemo(() => headMaps(log, record, image), [log, record, image]);
  const [focus, setFocus] = useState<Focus | null>(null);
  const config = log?.config ?? null;
  const fileIndex = images[image];
  const pixels = useAttentionImage(config, fileIndex);
  const underlay = useMemo(() => imageUrl(pixels), [pixels]);
  const criterion = log?.config.criteria ?? "importance";
  const focused = focus ? layers[focus.layer]?.heads[focus.head] : undefined;

  if (images.length === 0 || layers.length === 0) {
    return (
      <div className="attention-maps" data-testid="attention-maps" data-maps={0}>
        <p className="chart-empty">After a ViT iteration, the class token's attention appears here.</p>
      </div>
    );
  }
  return (
    <div
      className="attention-maps"
      data-testid="attention-maps"
      data-maps={layers.length * (layers[0]?.heads.length ?? 0)}
    >
      <fieldset className="attention-images">
        <legend>Test image</legend>
        {images.map((fileIndex, i) => (
          <button
            key={fileIndex}
            type="button"
            aria-pressed={i === image}
            onClick={() => setChosen(i)}
            title={`image ${fileIndex} of the dataset's file order`}
          >
            image {fileIndex}
          </button>
        ))}
      </fieldset>
      <div
        className="attention-grid"
        style={{ gridTemplateColumns: `auto repeat(${layers[0]?.heads.length ?? 0}, 1fr)` }}
      >
        {layers.map((layer, layerIndex) => [
          <span key={`${layer.name}-label`} className="heatmap-row">
            block {layerIndex + 1}
          </span>,
          ...layer.heads.map((view) => (
            <button
              key={`${layer.name}-${view.head}`}
              type="button"
              className={`attention-map${view.alive ? "" : " dead"}`}
              data-testid="attention-map"
              data-layer={layerIndex}
              data-head={view.head}
              data-alive={String(view.alive)}
              aria-label={headSummary(layerIndex, view, layer.heads.length, criterion)}
              onMouseEnter={() => setFocus({ layer: layerIndex, head: view.head })}
              onFocus={() => setFocus({ layer: layerIndex, head: view.head })}
              style={underlay ? { backgroundImage: `url(${underlay})` } : undefined}
            >
              {view.attention && <PatchGrid weights={view.attention} />}
            </button>
          )),
        ])}
      </div>
      <p className="attention-detail" data-testid="attention-detail" aria-live="polite">
        {focus && focused
          ? headSummary(focus.layer, focused, layers[focus.layer]?.heads.length ?? 0, criterion)
          : "Hover or focus a head for its importance, ablation Δloss and ranks."}
      </p>
    </div>
  );
}
