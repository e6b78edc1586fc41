// Mutation scores from StrykerJS's JSON reports, per area and per folder, against the targets
// of stryker/areas.json. Stryker's own score: (killed + timeout) / (killed + timeout + survived
// + no coverage); compile and runtime errors and ignored mutants are not counted.

export interface MutantResult {
  status: string;
  mutatorName?: string;
  replacement?: string;
  location?: { start: { line: number; column: number } };
}
export interface MutationReport {
  files: Record<string, { mutants: MutantResult[] }>;
}

export interface Tally {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
}

export interface ScoreRow extends Tally {
  name: string;
  files: number;
  score: number;
  /** The target score in percent, or null when no folder target covers the row. */
  target: number | null;
}

const EMPTY: Tally = { killed: 0, timeout: 0, survived: 0, noCoverage: 0 };
const FIELD: Record<string, keyof Tally> = {
  Killed: "killed",
  Timeout: "timeout",
  Survived: "survived",
  NoCoverage: "noCoverage",
};

export function tally(mutants: readonly MutantResult[]): Tally {
  const counts = { ...EMPTY };
  for (const { status } of mutants) {
    const field = FIELD[status];
    if (field) counts[field] += 1;
  }
  return counts;
}

/** Percent of the counted mutants killed (a timeout counts as killed); 0 when none counted. */
export function score(t: Tally): number {
  const counted = t.killed + t.timeout + t.survived + t.noCoverage;
  return counted === 0 ? 0 : (100 * (t.killed + t.timeout)) / counted;
}

/** The target of the longest folder prefix that holds `path` (a file or a folder). */
export function targetFor(path: string, targets: Record<string, number>): number | null {
  const holders = Object.keys(targets).filter((folder) => path === folder || path.startsWith(`${folder}/`));
  if (holders.length === 0) return null;
  const longest = holders.reduce((a, b) => (b.length > a.length ? b : a));
  return targets[longest] ?? null;
}

function row(name: string, files: string[], mutants: MutantResult[], target: number | null): ScoreRow {
  const t = tally(mutants);
  return { name, files: files.length, ...t, score: score(t), target };
}

/** One row for the whole report; its target is the strictest one among its files. */
export function areaRow(name: string, report: MutationReport, targets: Record<string, number>): ScoreRow {
  const files = Object.keys(report.files);
  const fileTargets = files.map((file) => targetFor(file, targets)).filter((t) => t !== null);
  const target = fileTargets.length === 0 ? null : Math.max(...fileTargets);
  return row(
    name,
    files,
    Object.values(report.files).flatMap((file) => file.mutants),
    target,
  );
}

/** One row per folder holding mutated files, over all the reports given, sorted by folder. */
export function folderRows(reports: readonly MutationReport[], targets: Record<string, number>): ScoreRow[] {
  const byFolder = new Map<string, Map<string, MutantResult[]>>();
  for (const report of reports) {
    for (const [file, { mutants }] of Object.entries(report.files)) {
      const folder = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
      const files = byFolder.get(folder) ?? new Map<string, MutantResult[]>();
      files.set(file, [...(files.get(file) ?? []), ...mutants]);
      byFolder.set(folder, files);
    }
  }
  return [...byFolder.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([folder, files]) =>
      row(folder, [...files.keys()], [...files.values()].flat(), targetFor(folder, targets)),
    );
}

/** A fixed-width table; the verdict says whether the row meets its target and by how much not. */
export function formatRows(rows: readonly ScoreRow[]): string {
  const head = `${"".padEnd(20)} files  killed  timeout  survived  no cov.   score  target`;
  const lines = rows.map((r) => {
    const verdict =
      r.target === null
        ? ""
        : r.score >= r.target
          ? `${r.target}%  met`
          : `${r.target}%  short by ${(r.target - r.score).toFixed(1)}`;
    return [
      r.name.padEnd(20),
      String(r.files).padStart(5),
      String(r.killed).padStart(7),
      String(r.timeout).padStart(8),
      String(r.survived).padStart(9),
      String(r.noCoverage).padStart(8),
      `${r.score.toFixed(1)}%`.padStart(7),
      ` ${verdict}`,
    ].join(" ");
  });
  return [head, ...lines].join("\n");
}

/** One line per mutant that lived (survived or not covered): where, which mutator, what it wrote. */
export function survivorLines(report: MutationReport): string[] {
  return Object.entries(report.files)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([file, { mutants }]) =>
      mutants
        .filter(({ status }) => status === "Survived" || status === "NoCoverage")
        .map((m) => {
          const at = m.location ? `${m.location.start.line}:${m.location.start.column}` : "?";
          const what = (m.replacement ?? "").replace(/\s+/g, " ").slice(0, 100);
          const why = m.status === "NoCoverage" ? " (no test covers it)" : "";
          return `${file}:${at}  ${m.mutatorName ?? "?"}${why}  → ${what}`;
        }),
    );
}
