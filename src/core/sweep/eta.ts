// How long the rest of a sweep will take: the mean duration of the points finished in this
// session times the points left, spread over the points that run at once.

export function sweepEtaSeconds(
  finishedSeconds: readonly number[],
  left: number,
  jobs: number,
): number | null {
  if (finishedSeconds.length === 0) return null;
  const mean = finishedSeconds.reduce((sum, s) => sum + s, 0) / finishedSeconds.length;
  return (mean * left) / Math.max(1, jobs);
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}
