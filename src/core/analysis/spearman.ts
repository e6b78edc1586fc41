// Spearman's rank correlation: Pearson's r of the ranks, ties given their average rank.

/** Ranks 1..n of `values`, tied values sharing the mean of the ranks they span. */
export function averageRanks(values: number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i]!.index] = rank;
    start = end + 1;
  }
  return ranks;
}

function pearson(x: number[], y: number[]): number | null {
  const n = x.length;
  const meanX = x.reduce((s, v) => s + v, 0) / n;
  const meanY = y.reduce((s, v) => s + v, 0) / n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - meanX;
    const dy = y[i]! - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  if (varianceX === 0 || varianceY === 0) return null;
  return covariance / Math.sqrt(varianceX * varianceY);
}

/**
 * ρ over the pairs where both entries are finite numbers (null entries, dead groups, are left
 * out); null when fewer than 2 pairs remain or either side has no variance.
 */
export function spearman(a: (number | null)[], b: (number | null)[]): number | null {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const left = a[i];
    const right = b[i];
    if (left === null || right === null || left === undefined || right === undefined) continue;
    if (!Number.isFinite(left) || !Number.isFinite(right)) continue;
    x.push(left);
    y.push(right);
  }
  if (x.length < 2) return null;
  return pearson(averageRanks(x), averageRanks(y));
}
