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
