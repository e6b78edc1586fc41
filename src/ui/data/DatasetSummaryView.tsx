// What a loaded dataset is: the facts a run log records about it, its files and the parser's notes.

import type { DatasetSummary } from "../../core/data/summary";
import { formatCount } from "../../core/io/format-count";

export function DatasetSummaryView({ summary }: { summary: DatasetSummary }) {
  const [height, width, channels] = summary.shape;
  return (
    <div className="dataset-summary" data-testid="dataset-summary">
      <dl>
        <dt>Name</dt>
        <dd data-testid="dataset-name">{summary.name}</dd>
        <dt>Images</dt>
        <dd data-testid="dataset-shape">
          {height}×{width}×{channels}
        </dd>
        <dt>Classes</dt>
        <dd data-testid="dataset-classes">{summary.numClasses}</dd>
        <dt>Training images</dt>
        <dd data-testid="dataset-train-count">{formatCount(summary.trainCount)}</dd>
        <dt>Test images</dt>
        <dd data-testid="dataset-test-count">{formatCount(summary.testCount)}</dd>
        <dt>Content hash</dt>
        <dd>
          <code data-testid="dataset-hash">{summary.contentHash}</code>
        </dd>
        <dt>Files</dt>
        <dd>
          {summary.files.map((file) => (
            <div key={file.name} className="dataset-file">
              {file.name} <span className="field-explanation">{fileSize(file.bytes)}</span>
            </div>
          ))}
        </dd>
      </dl>
      {summary.notes.length > 0 && (
        <ul className="dataset-notes" data-testid="dataset-notes">
          {summary.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "30.7 MB", "60 bytes": decimal units, as file managers show them. */
export function fileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const [unit, scale] = bytes < 1e6 ? ["kB", 1e3] : ["MB", 1e6];
  return `${(bytes / scale).toFixed(1)} ${unit}`;
}
