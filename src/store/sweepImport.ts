// Run logs imported together (the files of `npm run lab -- sweep`, or those a cluster's
// RunLogger wrote): each is stored in the history as an import, and those that carry a sweep
// id (env.sweep) are joined into that sweep's view: into the sweep itself when it is here.
import { parseRunLog } from "../core/io/runlog-schema";
import { type JoinedLog, joinRunLogs, type QueuedPoint, type SweepRecord } from "../core/sweep";
import { historyActions, labStore } from "./appStore";
import type { ImportFile } from "./historySlice";
import { sweepActions, sweepStore } from "./sweepApp";

export async function importSweepLogs(files: readonly ImportFile[]): Promise<string> {
  const joined: JoinedLog[] = [];
  let refused = 0;
  for (const file of files) {
    const parsed = parseRunLog(await file.text());
    if (!parsed.ok || !(await historyActions.importFile(file))) {
      refused += 1;
      continue;
    }
    // A good import is stored and opened: the run on screen is the new one.
    joined.push({ log: parsed.log, runId: labStore.getState().shownId });
  }
  const { sweeps, untagged } = joinRunLogs(joined);
  for (const sweep of sweeps) {
    const existing = sweepStore.getState().sweeps.find((s) => s.id === sweep.id);
    await sweepActions.putImported(existing ? mergeInto(existing, sweep.points) : importedRecord(sweep));
  }
  const parts = [`${joined.length} run logs imported, joined into ${sweeps.length} sweep(s)`];
  if (untagged > 0) parts.push(`${untagged} carry no sweep id (env.sweep) and stay single runs`);
  if (refused > 0) parts.push(`${refused} refused (see the runs list)`);
  return `${parts.join("; ")}.`;
}

function importedRecord(sweep: ReturnType<typeof joinRunLogs>["sweeps"][number]): SweepRecord {
  return {
    id: sweep.id,
    name: `Imported sweep ${sweep.id}`,
    createdAt: new Date().toISOString(),
    axes: sweep.axes,
    status: "done",
    origin: "import",
    points: sweep.points,
  };
}

/** Fills the sweep's points from imported ones of the same name; adds those it lacks. */
function mergeInto(sweep: SweepRecord, imported: readonly QueuedPoint[]): SweepRecord {
  const byName = new Map(imported.map((point) => [point.name, point]));
  const points = sweep.points.map((point) => {
    const found = byName.get(point.name);
    if (!found) return point;
    byName.delete(point.name);
    return { ...found, index: point.index, values: point.values };
  });
  const extra = [...byName.values()].map((point, i) => ({ ...point, index: points.length + i }));
  return { ...sweep, points: [...points, ...extra] };
}
