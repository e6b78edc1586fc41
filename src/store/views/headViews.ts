// What the attention maps and the criterion check draw: per head its class-token attention,
// importance, ablation Δloss and both ranks within its block; the importance–ablation pairs
// of the selected iteration, one colour per block.
import type { GroupKind, IterationRecord, RunLog } from "../../core/types";

export interface HeadMapView {
  head: number;
  alive: boolean;
  /** The class token's attention over the patches for the chosen image; null when not logged. */
  attention: number[] | null;
  importance: number | null;
  ablation: number | null;
  /** 1 = most important within the block, among the heads that have a value. */
  importanceRank: number | null;
  ablationRank: number | null;
}

export interface HeadLayerMaps {
  name: string;
  heads: HeadMapView[];
}

/** Rank 1 for the largest value; null entries get no rank. Ties share the better rank. */
export function descendingRanks(values: (number | null | undefined)[]): (number | null)[] {
  const present = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  return values.map((v) =>
    typeof v === "number" && Number.isFinite(v) ? 1 + present.filter((other) => other > v).length : null,
  );
}

/** Layers × heads of `record` with the attention of image `image` (a position in record.attention.images). */
export function headMaps(log: RunLog | null, record: IterationRecord | null, image: number): HeadLayerMaps[] {
  if (!log || !record) return [];
  return log.model.groups
    .filter((group) => group.kind === "head")
    .map((group) => {
      const measured = record.groups[group.name];
      const maps = record.attention?.maps[group.name]?.[image];
      const importanceRanks = descendingRanks(measured?.importance ?? []);
      const ablationRanks = descendingRanks(measured?.ablation ?? []);
      const heads = Array.from({ length: group.count }, (_, head) => ({
        head,
        alive: measured?.alive[head] ?? true,
        attention: maps?.[head] ?? null,
        importance: measured?.importance[head] ?? null,
        ablation: measured?.ablation?.[head] ?? null,
        importanceRank: importanceRanks[head] ?? null,
        ablationRank: ablationRanks[head] ?? null,
      }));
      return { name: group.name, heads };
    });
}

export interface CriterionPoint {
  /** Group-set name and the block it belongs to ("blocks.2.attn" → 2; sets in model order otherwise). */
  set: string;
  block: number;
  index: number;
  importance: number;
  ablation: number;
}

/** The block number of a set name, or its position among the sets of its kind. */
function blockOf(name: string, position: number): number {
  const match = /^blocks\.(\d+)\./.exec(name);
  return match ? Number(match[1]) : position;
}

/** Every group of `kind` with both an importance and an ablation in `record`. */
export function criterionPoints(
  log: RunLog | null,
  record: IterationRecord | null,
  kind: GroupKind,
): CriterionPoint[] {
  if (!log || !record) return [];
  return log.model.groups
    .filter((group) => group.kind === kind)
    .flatMap((group, position) => {
      const measured = record.groups[group.name];
      if (!measured?.ablation) return [];
      return measured.ablation.flatMap((ablation, index) => {
        const importance = measured.importance[index];
        if (ablation === null || importance === undefined || !Number.isFinite(importance)) return [];
        return [{ set: group.name, block: blockOf(group.name, position), index, importance, ablation }];
      });
    });
}

/** The kinds that have a ρ in `record`, in a fixed order. */
export function agreementEntries(record: IterationRecord | null): { kind: GroupKind; rho: number | null }[] {
  const agreement = record?.criterionAgreement;
  if (!agreement) return [];
  return (["head", "neuron", "channel"] as const)
    .filter((kind) => kind in agreement)
    .map((kind) => ({ kind, rho: agreement[kind] ?? null }));
}

/** Ablation Δloss of a set's groups rescaled to [0, 1] within the set (null where not ablated). */
export function ablationShades(record: IterationRecord | null, set: string): (number | null)[] {
  const ablation = record?.groups[set]?.ablation ?? [];
  const present = ablation.filter((v): v is number => v !== null && Number.isFinite(v));
  const low = Math.min(...present);
  const high = Math.max(...present);
  return ablation.map((v) =>
    v === null || !Number.isFinite(v) ? null : high > low ? (v - low) / (high - low) : 0,
  );
}

/** What happened to a group between two iterations: "cut" (alive → dead), "revived" (dead → alive). */
export function slotChange(aliveBefore: boolean, alive: boolean): "cut" | "revived" | null {
  if (aliveBefore && !alive) return "cut";
  if (!aliveBefore && alive) return "revived";
  return null;
}

/** "criterion vs ablation: ρ head 0.83, neuron 0.41", or "" when the iteration has no ρ. */
export function agreementText(record: IterationRecord | null): string {
  const entries = agreementEntries(record);
  if (entries.length === 0) return "";
  const values = entries.map(({ kind, rho }) => `${kind} ${rho === null ? "–" : rho.toFixed(2)}`);
  return `criterion vs ablation: ρ ${values.join(", ")}`;
}

/** Why one set's ρ is undefined, or null when it has one. */
function setRhoGap(importance: number[], ablation: (number | null)[], kind: GroupKind): string | null {
  const pairs = ablation.flatMap((delta, g) => {
    const value = importance[g];
    return delta !== null && Number.isFinite(delta) && value !== undefined && Number.isFinite(value)
      ? [[value, delta] as const]
      : [];
  });
  if (pairs.length === 0) return `no alive ${kind}`;
  if (pairs.length === 1) return `one alive ${kind}`;
  if (pairs.every(([value]) => value === pairs[0]![0])) return "equal importance";
  if (pairs.every(([, delta]) => delta === pairs[0]![1])) return "equal ablation Δloss";
  return null;
}

/**
 * Why the iteration's ρ for `kind` is undefined ("ρ needs …: blocks 1, 2: one alive head"), or
 * null when some set of that kind has a ρ. Spearman's ρ of a set needs at least 2 alive groups
 * and neither side all equal; the kind's ρ is the mean over the sets that have one.
 */
export function rhoUndefinedReason(
  log: RunLog | null,
  record: IterationRecord | null,
  kind: GroupKind,
): string | null {
  if (!log || !record) return null;
  const place = kind === "channel" ? "layer" : "block";
  const byGap = new Map<string, number[]>();
  const sets = log.model.groups.filter((group) => group.kind === kind);
  let ablated = 0;
  for (const [position, group] of sets.entries()) {
    const measured = record.groups[group.name];
    if (!measured?.ablation) continue;
    ablated++;
    const gap = setRhoGap(measured.importance, measured.ablation, kind);
    if (gap === null) return null;
    byGap.set(gap, [...(byGap.get(gap) ?? []), blockOf(group.name, position) + 1]);
  }
  if (ablated === 0) return `no ${kind} set was ablated in this iteration`;
  const parts = [...byGap].map(
    ([gap, places]) => `${place}${places.length > 1 ? "s" : ""} ${places.join(", ")}: ${gap}`,
  );
  return `ρ needs 2 or more alive ${kind}s per ${place}, with unequal importance and Δloss; ${parts.join("; ")}`;
}
