// A perceptually even colour ramp (viridis stops) for importance shades in [0, 1].

const STOPS: [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

export function importanceColor(shade: number): string {
  const t = Math.min(Math.max(shade, 0), 1) * (STOPS.length - 1);
  const i = Math.min(Math.floor(t), STOPS.length - 2);
  const f = t - i;
  const from = STOPS[i] ?? STOPS[0]!;
  const to = STOPS[i + 1] ?? from;
  const channel = (k: 0 | 1 | 2) => Math.round(from[k] + (to[k] - from[k]) * f);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

export const IMPORTANCE_GRADIENT = `linear-gradient(to right, ${STOPS.map(
  ([r, g, b]) => `rgb(${r}, ${g}, ${b})`,
).join(", ")})`;
