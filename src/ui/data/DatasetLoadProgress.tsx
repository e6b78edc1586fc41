// How far the dataset worker is with the files being loaded.
import type { LoadStage } from "../../lib/datasetClient";
import { useLab } from "../../store/appStore";
import { ProgressBar } from "../ProgressBar";

const STAGE_WORDS: Record<LoadStage, string> = {
  reading: "Reading",
  parsing: "Parsing",
  saving: "Keeping in this browser",
};

export function DatasetLoadProgress() {
  const loading = useLab((s) => s.datasetLoading);
  if (!loading) return null;
  const value = Math.round(100 * loading.progress.fraction);
  return (
    <div className="progress-block">
      <ProgressBar testId="dataset-progress" label="Dataset loading progress" percent={value} />
      <p className="phase">
        {STAGE_WORDS[loading.progress.stage]} {loading.fileNames.join(", ")}… {value}%
      </p>
    </div>
  );
}
