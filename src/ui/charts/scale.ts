// Linear axes for the charts: round tick steps (1, 2 or 5 times a power of ten), domains widened
// to whole steps, and the map from data to pixels. Pure functions, so a chart computes its
// geometry once per data change and draws plain SVG.

/** A step of 1, 2 or 5 times a power of ten giving about `count` intervals over [start, stop]. */
export function tickStep(start: number, stop: number, count: number): number {
  const raw = Math.abs(stop - start) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / power;
  const factor = ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.sqrt(2) ? 2 : 1;
  return factor * power;
}

/** Rounds away the binary noise of i·step (0.30000000000000004 → 0.3). */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/** The multiples of `step` inside [start, stop], in increasing order. */
export function ticksWithin(start: number, stop: number, step: number): number[] {
  const first = Math.ceil(start / step - 1e-9);
  const last = Math.floor(stop / step + 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(clean(i * step));
  return ticks;
}

/** [min, max] widened outward to whole tick steps; a single value gets room on both sides. */
export function niceDomain(min: number, max: number, count: number): [number, number] {
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) / 2;
    return niceDomain(min - pad, max + pad, count);
  }
  const step = tickStep(min, max, count);
  return [clean(Math.floor(min / step + 1e-9) * step), clean(Math.ceil(max / step - 1e-9) * step)];
}

export interface Axis {
  domain: [number, number];
  ticks: number[];
  /** The pixel of a data value. */
  at(value: number): number;
}

/**
 * An axis over `domain` drawn across the pixels `range` (which may run backwards, as a y axis
 * does), with about `count` ticks; `integers` keeps ticks on whole numbers.
 */
export function linearAxis(
  domain: [number, number],
  range: [number, number],
  count: number,
  integers = false,
): Axis {
  const [d0, d1] = domain[0] === domain[1] ? niceDomain(domain[0], domain[1], count) : domain;
  const [r0, r1] = range;
  const step = tickStep(d0, d1, count);
  const ticks = ticksWithin(d0, d1, integers ? Math.max(1, Math.round(step)) : step);
  return { domain: [d0, d1], ticks, at: (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0) };
}
