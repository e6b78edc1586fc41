// What the heatmaps and timelines draw: the groups of one kind, layer by layer, as an
// iteration left them, and for each group the iteration from which it stayed dead.
import type { GroupKind, IterationRecord, RunLog } from "../../core/types";

export interface GroupCellView {
  index: number;
  alive: boolean;
  /** The criterion's value, null before the first iteration has ranked the groups. */
  importance: number | null;
  /** Share of the group's entries kept by M before refill, null before the first iteration. */
  density: number | null;
  /** Importance rescaled to [0, 1] within its layer (0 when the layer's values are all equal). */
  shade: number;
}

export interface GroupLayerView {
  /** Group-set name, e.g. "blocks.0.attn". */
  name: string;
  /** What the layer is called on screen (layerLabel). */
  label: string;
  kind: GroupKind;
  cells: GroupCellView[];
  aliveCount: number;
  /** Mean density over the layer's groups, null before the first iteration. */
  meanDensity: number | null;
}

/** The iteration record at list position `position` (clamped), or null when there is none. */
export function iterationAt(log: RunLog | null, position: number | null): IterationRecord | null {
  if (!log || log.iterations.length === 0) return null;
  const last = log.iterations.length - 1;
  const at = position === null ? last : Math.min(Math.max(position, 0), last);
  return log.iterations[at] ?? null;
}

function rescale(values: number[]): number[] {
  const finite = values.filter(Number.isFinite);
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  return values.map((v) => (high > low && Number.isFinite(v) ? (v - low) / (high - low) : 0));
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** A layer's name on screen: a ResNet stage's channel set ("layer2") is its residual stream. */
export function layerLabel(name: string, kind: GroupKind): string {
  return kind === "channel" && /^layer\d+$/.test(name) ? `${name} residual` : name;
}

/** The layers of `kind` (in model order) with their groups as `record` left them. */
export function groupLayers(
  log: RunLog | null,
  record: IterationRecord | null,
  kind: GroupKind,
): GroupLayerView[] {
  if (!log) return [];
  return log.model.groups
    .filter((group) => group.kind === kind)
    .map((group) => {
      const measured = record?.groups[group.name];
      const shades = measured ? rescale(measured.importance) : [];
      const cells = Array.from({ length: group.count }, (_, index) => ({
        index,
        alive: measured?.alive[index] ?? true,
        importance: measured?.importance[index] ?? null,
        density: measured?.density[index] ?? null,
        shade: shades[index] ?? 0,
      }));
      return {
        name: group.name,
        label: layerLabel(group.name, group.kind),
        kind: group.kind,
        cells,
        aliveCount: cells.filter((cell) => cell.alive).length,
        meanDensity: measured ? mean(measured.density) : null,
      };
    });
}

export interface GroupLifeView {
  layer: string;
  /** Position of the layer among the layers of its kind. */
  layerIndex: number;
  index: number;
  /** Alive or not after each iteration, in iteration order. */
  states: { iteration: number; alive: boolean }[];
  /** The first iteration from which the group stays dead to the end; null if alive at the end. */
  diedAt: number | null;
}

function diedAt(alive: boolean[], indices: number[]): number | null {
  let firstDead: number | null = null;
  for (let i = 0; i < alive.length; i++) {
    if (alive[i]) firstDead = null;
    else firstDead ??= indices[i] ?? i;
  }
  return firstDead;
}

/** Every group of `kind` with its life over the iterations, those that died first on top. */
export function groupLives(log: RunLog | null, kind: GroupKind): GroupLifeView[] {
  if (!log) return [];
  const indices = log.iterations.map((it) => it.index);
  const lives = log.model.groups
    .filter((group) => group.kind === kind)
    .flatMap((group, layerIndex) =>
      Array.from({ length: group.count }, (_, index) => {
        const alive = log.iterations.map((it) => it.groups[group.name]?.alive[index] ?? true);
        const states = alive.map((isAlive, i) => ({ iteration: indices[i] ?? i, alive: isAlive }));
        return { layer: group.name, layerIndex, index, states, diedAt: diedAt(alive, indices) };
      }),
    );
  const order = (life: GroupLifeView) => life.diedAt ?? Number.POSITIVE_INFINITY;
  return lives.sort((a, b) => order(a) - order(b) || a.layerIndex - b.layerIndex || a.index - b.index);
}

/** Alive groups of each layer of `kind` after each iteration: [layer][iteration]. */
export function aliveCounts(log: RunLog | null, kind: GroupKind): { layer: string; counts: number[] }[] {
  if (!log) return [];
  return log.model.groups
    .filter((group) => group.kind === kind)
    .map((group) => ({
      layer: group.name,
      counts: log.iterations.map((it) => it.groups[group.name]?.alive.filter(Boolean).length ?? group.count),
    }));
}
