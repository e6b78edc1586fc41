// The built-in datasets: their image shape [height, width, channels] and class count.

export interface DatasetInfo {
  shape: [number, number, number];
  numClasses: number;
}

const BUILT_IN = new Map<string, DatasetInfo>([
  ["mnist", { shape: [28, 28, 1], numClasses: 10 }],
  ["synthetic", { shape: [16, 16, 1], numClasses: 4 }],
]);

export function datasetInfo(name: string): DatasetInfo | undefined {
  const info = BUILT_IN.get(name);
  return info && { shape: [...info.shape], numClasses: info.numClasses };
}
