// The Pareto front of accuracy against sparsity: a point is on it when no other point is at
// least as good in both and better in one.

export interface Scored {
  testAcc: number;
  sparsity: number;
}

export function dominates(a: Scored, b: Scored): boolean {
  return (
    a.testAcc >= b.testAcc && a.sparsity >= b.sparsity && (a.testAcc > b.testAcc || a.sparsity > b.sparsity)
  );
}

/** For each point, whether no other point dominates it. */
export function paretoFlags(points: readonly Scored[]): boolean[] {
  return points.map((point) => !points.some((other) => dominates(other, point)));
}

/** The front's points by increasing sparsity: the corners of its step line. */
export function paretoFront<Point extends Scored>(points: readonly Point[]): Point[] {
  const flags = paretoFlags(points);
  return points.filter((_, i) => flags[i]).sort((a, b) => a.sparsity - b.sparsity || b.testAcc - a.testAcc);
}
