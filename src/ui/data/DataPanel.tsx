// "Your data": load CIFAR or IDX files (parsed in a worker), see what was loaded, and choose it.
import { useEffect } from "react";
import { datasetActions, useLab } from "../../store/appStore";
import { DatasetDropZone } from "./DatasetDropZone";
import { DatasetErrors } from "./DatasetErrors";
import { DatasetLoadProgress } from "./DatasetLoadProgress";
import { KeptDatasets } from "./KeptDatasets";
import { RunDataLine } from "./RunDataLine";
import "./data.css";

export function DataPanel() {
  const storageError = useLab((s) => s.datasetStorageError);
  useEffect(() => datasetActions.restore(), []);

  return (
    <section className="panel data-panel" aria-label="Your data" data-testid="data-panel">
      <div className="panel-head">
        <h2>Your data</h2>
        <span className="data-formats">
          CIFAR-10 / CIFAR-100 binary batches, MNIST-style IDX files; raw or .gz
        </span>
      </div>
      <DatasetDropZone />
      <DatasetLoadProgress />
      <DatasetErrors />
      {storageError && (
        <p className="error-message" role="alert">
          {storageError}
        </p>
      )}
      <KeptDatasets />
      <RunDataLine />
    </section>
  );
}
