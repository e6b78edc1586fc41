// `npm run test:mutation [AREA…]`: StrykerJS over each area of stryker/areas.json in turn (all
// when none is named), then the mutation scores per area and per folder against the targets,
// from the JSON reports. `--summary` prints the tables from the reports already there;
// `--survivors` also lists every mutant that lived, by file and line.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import areaFile from "../stryker/areas.json" with { type: "json" };
import { areaRow, folderRows, formatRows, type MutationReport, survivorLines } from "./mutation-summary";

const { $comment: _, $targets: targets, ...AREAS } = areaFile;
const args = process.argv.slice(2);
const FLAGS = ["--summary", "--survivors"];
const summaryOnly = args.includes("--summary") || args.includes("--survivors");
const listSurvivors = args.includes("--survivors");
const requested = args.filter((arg) => !arg.startsWith("--"));
const unknownFlags = args.filter((arg) => arg.startsWith("--") && !FLAGS.includes(arg));
if (unknownFlags.length > 0) {
  console.error(`test:mutation: unknown flag ${unknownFlags.join(", ")}; known: ${FLAGS.join(", ")}`);
  process.exit(2);
}
const unknown = requested.filter((area) => !(area in AREAS));
if (unknown.length > 0) {
  console.error(`test:mutation: unknown area ${unknown.join(", ")}; known: ${Object.keys(AREAS).join(", ")}`);
  process.exit(2);
}
const areas = requested.length > 0 ? requested : Object.keys(AREAS);
if (!summaryOnly) {
  for (const area of areas) {
    console.error(`test:mutation: ${area}`);
    const run = spawnSync("npx", ["stryker", "run", "stryker/stryker.config.mjs"], {
      stdio: "inherit",
      env: { ...process.env, STRYKER_AREA: area },
    });
    if (run.status !== 0) console.error(`test:mutation: stryker exited ${run.status} on ${area}`);
  }
}

const reports: MutationReport[] = [];
const missing: string[] = [];
const rows = areas.flatMap((area) => {
  const path = `reports/mutation/${area}.json`;
  if (!existsSync(path)) {
    missing.push(area);
    return [];
  }
  const report = JSON.parse(readFileSync(path, "utf8")) as MutationReport;
  reports.push(report);
  return [areaRow(area, report, targets)];
});
console.log(`\nper area\n${formatRows(rows)}`);
console.log(`\nper folder\n${formatRows(folderRows(reports, targets))}`);
if (listSurvivors) {
  for (const report of reports) for (const line of survivorLines(report)) console.log(line);
}
if (missing.length > 0) console.log(`\nno report yet: ${missing.join(", ")}`);
