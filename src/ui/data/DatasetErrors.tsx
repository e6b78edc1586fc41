// Why the last files were refused, per file; the dataset loaded before stays loaded.
import { useLab } from "../../store/appStore";
import { errorsByFile } from "./errorsByFile";

export function DatasetErrors() {
  const failure = useLab((s) => s.datasetFailure);
  const datasets = useLab((s) => s.datasets);
  if (!failure) return null;
  return (
    <div className="error-message dataset-errors" data-testid="dataset-errors" role="alert">
      <p>Nothing was loaded from {failure.fileNames.join(", ")}:</p>
      <ul>
        {errorsByFile(failure.errors, failure.fileNames).map(({ file, problems }) =>
          problems.map((problem) => (
            <li key={`${file}: ${problem}`} data-testid="dataset-error">
              {file !== null && <strong>{file}: </strong>}
              {problem}
            </li>
          )),
        )}
      </ul>
      {datasets.length > 0 && (
        <p>Still loaded as before: {datasets.map((dataset) => dataset.name).join(", ")}.</p>
      )}
    </div>
  );
}
