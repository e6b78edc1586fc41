export function shapeText([height, width, channels]: readonly number[]): string {
  return `${height}x${width}x${channels}`;
}

/**
 * What a run log's `env` records about the data a run trained on (config keys are strict,
 * so this lives beside the backend): name, shape, classes, and for loaded files their hash.
 */
export function datasetEnv(
  dataset: { name: string; shape: readonly number[]; numClasses: number },
  contentHash?: string,
): Record<string, string | number> {
  const env: Record<string, string | number> = {
    datasetName: dataset.name,
    datasetShape: shapeText(dataset.shape),
    datasetClasses: dataset.numClasses,
  };
  if (contentHash !== undefined) env.datasetHash = contentHash;
  return env;
}
