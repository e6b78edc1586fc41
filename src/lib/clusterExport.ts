// "Export for a cluster": a sweep as one reference-pipeline command per point (the mapping of
// referenceCommand.ts), in a plain shell script and in a SLURM array script. Each command
// gets, in its environment, where its run log goes and the sweep it belongs to; the training
// script hands them to the Python companion's pruning_lab.RunLogger, so that the logs, imported
// together, join the same sweep view by the sweep's id (env.sweep).
import type { SweepPoint } from "../core/sweep";
import { formatReferenceCommand, referenceCommand, shellWord } from "./referenceCommand";

export interface ClusterSweep {
  id: string;
  points: readonly SweepPoint[];
}

export interface ClusterScripts {
  /** Runs the points one after another: `bash sweep-ID.sh`. */
  shell: string;
  /** One array task per point: `sbatch sweep-ID.slurm`. */
  slurm: string;
}

const HOW_THE_LOG_COMES_BACK = [
  "# Each point writes its run log through the Python companion (python/, pruning_lab.RunLogger):",
  "# in the training script,",
  "#   RunLogger(os.environ['PRUNING_LAB_RUN_LOG'], config=json.loads(os.environ['PRUNING_LAB_CONFIG']),",
  "#             env={'sweep': os.environ['PRUNING_LAB_SWEEP'], 'sweepPoint': os.environ['PRUNING_LAB_SWEEP_POINT']})",
  "# Copy the run logs back and import them together (Import run log…, several files): they join",
  "# one sweep view by their env.sweep.",
];

/** The run log's path on the cluster, relative to where the script runs. */
export function clusterRunLogPath(id: string, point: SweepPoint): string {
  return `runs/sweep-${id}/${point.name}.json`;
}

/** One point: its environment, then the reference command on one line. */
export function clusterPointCommand(id: string, point: SweepPoint): string {
  const command = referenceCommand(point.config);
  const saveDir = `runs/sweep-${id}/${point.name}`;
  const flags = command.flags.map(([flag, value]): [string, string | null] => {
    if (flag === "--save_dir") return [flag, saveDir];
    if (flag === "--init") return [flag, `${saveDir}/init.pth.tar`];
    return [flag, value];
  });
  const line = formatReferenceCommand({ ...command, flags, notes: [] }).replaceAll(" \\\n  ", " ");
  const env = [
    `PRUNING_LAB_SWEEP=${id}`,
    `PRUNING_LAB_SWEEP_POINT=${shellWord(point.name)}`,
    `PRUNING_LAB_RUN_LOG=${shellWord(clusterRunLogPath(id, point))}`,
    `PRUNING_LAB_CONFIG=${shellWord(JSON.stringify(point.config))}`,
  ];
  return `mkdir -p ${shellWord(saveDir)} && ${env.join(" ")} ${line}`;
}

/** The notes of the first point's command: what the reference cannot say, for the whole sweep. */
function mappingComments(points: readonly SweepPoint[]): string[] {
  const first = points[0];
  if (!first) return [];
  return [
    "# The lab's reference-command mapping, for the first point (the other points differ only in their axis values):",
    ...referenceCommand(first.config).notes.map((note) => `#   ${note}`),
  ];
}

function pointComment(point: SweepPoint): string {
  const values = Object.entries(point.values).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return `# point ${point.index}: ${values.join(", ")}`;
}

export function clusterScripts(sweep: ClusterSweep): ClusterScripts {
  const header = [
    `# Sweep ${sweep.id}: ${sweep.points.length} points, exported by Pruning Lab.`,
    ...HOW_THE_LOG_COMES_BACK,
    ...mappingComments(sweep.points),
  ];
  const shell = [
    "#!/usr/bin/env bash",
    "set -u",
    ...header,
    `mkdir -p runs/sweep-${sweep.id}`,
    ...sweep.points.flatMap((point) => [pointComment(point), clusterPointCommand(sweep.id, point)]),
    "",
  ].join("\n");
  const last = Math.max(sweep.points.length - 1, 0);
  const slurm = [
    "#!/usr/bin/env bash",
    `#SBATCH --job-name=pruning-lab-${sweep.id}`,
    `#SBATCH --array=0-${last}`,
    `#SBATCH --output=slurm-${sweep.id}-%A_%a.out`,
    "set -u",
    ...header,
    `mkdir -p runs/sweep-${sweep.id}`,
    'case "$SLURM_ARRAY_TASK_ID" in',
    ...sweep.points.flatMap((point, task) => [
      `  ${task}) ${pointComment(point)}`,
      `    ${clusterPointCommand(sweep.id, point)} ;;`,
    ]),
    '  *) echo "no point for task $SLURM_ARRAY_TASK_ID" >&2; exit 2 ;;',
    "esac",
    "",
  ].join("\n");
  return { shell, slurm };
}
