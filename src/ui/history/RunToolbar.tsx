// Export the run on screen (run log, per-epoch table, picture, trained weights) and share
// the configuration in the form (a link, or the PyTorch pipeline's command line).
import { useMemo, useState } from "react";
import { errorMessage } from "../../core/errorMessage";
import type { ExperimentConfig } from "../../core/types";
import { copyText } from "../../lib/clipboard";
import {
  downloadBlob,
  downloadEpochCsv,
  downloadRunLog,
  downloadSafetensors,
  fileStem,
} from "../../lib/exporters";
import { formatReferenceCommand, referenceCommand } from "../../lib/referenceCommand";
import { shareUrl } from "../../lib/shareLink";
import { historyActions, labStore, useLab } from "../../store/appStore";
import { defaultRunName } from "../../store/historySummary";
import { runPng } from "./pngExport";
import "./history.css";

const SAFETENSORS_HELP =
  "The final ticket, as the CLI's --checkpoints writes final.safetensors: every parameter by its PyTorch " +
  "name as trained, zero outside mask.NAME (uint8), the final mask; the metadata holds the config, the input " +
  "normalization and the test split. Before the run ends: the last completed iteration (W ⊙ M as trained, " +
  "mask.NAME = M after its pruning, refill.NAME = R). Only runs made in this browser have it.";

export function RunToolbar() {
  const log = useLab((s) => s.run.log);
  const selected = useLab((s) => s.selectedIteration);
  const config = useLab((s) => s.config);
  const shownId = useLab((s) => s.shownId);
  const shown = useLab((s) => s.runs.find((run) => run.id === s.shownId) ?? null);
  const [message, setMessage] = useState<string | null>(null);
  const [commandOpen, setCommandOpen] = useState(false);
  const name = shown?.name ?? (log ? defaultRunName(log.config) : "run");

  const report = (action: Promise<unknown>) =>
    action.catch((error: unknown) => setMessage(errorMessage(error)));

  const exportPng = () =>
    report(
      runPng(log, selected, name).then((blob) => {
        downloadBlob(blob, `${fileStem(name)}.png`);
        setMessage(null);
      }),
    );

  const exportWeights = () =>
    report(
      (async () => {
        const id = labStore.getState().shownId;
        const bytes = id ? await historyActions.checkpointOf(id) : undefined;
        if (!bytes || !shown) throw new Error("No checkpoint is stored for this run.");
        downloadSafetensors(bytes, name, shown.savedIterations - 1);
        setMessage(null);
      })(),
    );

  const copyLink = () =>
    report(
      (async () => {
        if (!config) return;
        const url = shareUrl(window.location, config);
        setMessage((await copyText(url)) ? "Link copied." : `Copy this link: ${url}`);
      })(),
    );

  return (
    <section className="panel run-toolbar" aria-label="Export and share">
      <div className="toolbar-group">
        <span className="toolbar-label" title={shownId ? `Stored run ${shownId}` : undefined}>
          Export {log ? `“${name}”` : "a run"}
        </span>
        <button
          type="button"
          data-testid="export-json"
          disabled={!log}
          onClick={() => log && downloadRunLog(log, name)}
        >
          Run log (JSON)
        </button>
        <button
          type="button"
          data-testid="export-csv"
          disabled={!log || log.iterations.length === 0}
          onClick={() => log && void downloadEpochCsv(log, name)}
        >
          Epochs (CSV)
        </button>
        <button
          type="button"
          data-testid="export-png"
          disabled={!log || log.iterations.length === 0}
          onClick={exportPng}
        >
          Charts + heatmap (PNG)
        </button>
        <button
          type="button"
          data-testid="export-safetensors"
          disabled={!shown?.hasCheckpoint}
          title={SAFETENSORS_HELP}
          onClick={exportWeights}
        >
          Weights (safetensors)
        </button>
      </div>
      <div className="toolbar-group">
        <span className="toolbar-label">Share the configuration</span>
        <button type="button" data-testid="copy-share-link" disabled={!config} onClick={copyLink}>
          Copy link
        </button>
        <button
          type="button"
          data-testid="reference-command-toggle"
          aria-expanded={commandOpen}
          onClick={() => setCommandOpen((open) => !open)}
        >
          Reference command (PyTorch) {commandOpen ? "▴" : "▾"}
        </button>
      </div>
      {commandOpen && <ReferenceCommandPanel config={config} />}
      {message && (
        <p className="toolbar-message" role="status" data-testid="toolbar-message">
          {message}
        </p>
      )}
    </section>
  );
}

function ReferenceCommandPanel({ config }: { config: ExperimentConfig | null }) {
  const command = useMemo(() => (config ? referenceCommand(config) : null), [config]);
  const text = command ? formatReferenceCommand(command) : "";
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <div className="reference-command">
      {command ? (
        <>
          <p className="field-explanation">
            The same experiment in the research pipeline, for a run too large for a browser.
          </p>
          <pre data-testid="reference-command">{text}</pre>
          <button
            type="button"
            data-testid="copy-reference-command"
            onClick={() => void copyText(text).then(setCopied)}
          >
            Copy as reference command
          </button>
          {copied === true && <span className="copied"> Copied.</span>}
          {copied === false && (
            <span className="copied"> The browser refused: select the text and copy it.</span>
          )}
          {command.notes.length > 0 && (
            <ul className="reference-notes">
              {command.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p className="field-error">Fix the highlighted fields first.</p>
      )}
    </div>
  );
}
