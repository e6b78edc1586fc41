// Order statistics without a full sort: magnitude pruning only needs its threshold.

/**
 * The k-th smallest value (0-based) of `values`, by quickselect with a median-of-three pivot:
 * O(n) on average, versus O(n log n) for sorting millions of weights. Reorders `values`.
 */
export function kthSmallest(values: Float32Array, k: number): number {
  if (k < 0 || k >= values.length)
    throw new RangeError(`kthSmallest: k = ${k} outside [0, ${values.length})`);
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = medianOfThree(values[low]!, values[(low + high) >>> 1]!, values[high]!);
    // Hoare partition: afterwards [low, j] ≤ pivot ≤ [i, high].
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return values[k]!;
  }
  return values[k]!;
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
