// A few training images of a loaded dataset, each drawn to a canvas with its label. With up
// to COLUMN_PER_CLASS classes, each column holds one class (the preview takes classes in turn).
import { memo, useEffect, useRef } from "react";
import type { DatasetSummary } from "../../core/data/summary";
import { toRgba } from "./previewPixels";

const COLUMN_PER_CLASS = 12;

/** Re-renders only for another dataset: a run's start and end re-render the panel around it. */
export const PreviewGrid = memo(function PreviewGrid({ summary }: { summary: DatasetSummary }) {
  const columns = summary.numClasses <= COLUMN_PER_CLASS ? String(summary.numClasses) : "auto-fill";
  return (
    <div
      className="preview-grid"
      data-testid="dataset-preview"
      style={{ gridTemplateColumns: `repeat(${columns}, minmax(44px, 72px))` }}
    >
      {Array.from({ length: summary.preview.count }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a dataset's preview never reorders; its place is its identity
        <Sample key={`${summary.contentHash}-${index}`} summary={summary} index={index} />
      ))}
    </div>
  );
});

function Sample({ summary, index }: { summary: DatasetSummary; index: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [height, width, channels] = summary.shape;
  const label = summary.preview.labels[index] ?? 0;

  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    const rgba = toRgba(summary.preview.images, index, height * width * channels, channels);
    context.putImageData(new ImageData(rgba, width, height), 0, 0);
  }, [summary, index, height, width, channels]);

  return (
    <figure className="sample" data-testid="dataset-sample" data-label={label}>
      <canvas ref={canvas} width={width} height={height} />
      <figcaption>{summary.classNames?.[label] ?? label}</figcaption>
    </figure>
  );
}
