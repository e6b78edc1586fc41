// `npm run test:mutation [AREA…]`: StrykerJS over each area of stryker/areas.mjs in turn (all
// when none is named), then a table of mutation scores per area from the JSON reports.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import areaFile from "../stryker/areas.json" with { type: "json" };

interface MutantResult {
  status: string;
}
interface Report {
  files: Record<string, { mutants: MutantResult[] }>;
}

const { $comment: _, ...AREAS } = areaFile;
const requested = process.argv.slice(2);
const unknown = requested.filter((area) => !(area in AREAS));
if (unknown.length > 0) {
  console.error(`test:mutation: unknown area ${unknown.join(", ")}; known: ${Object.keys(AREAS).join(", ")}`);
  process.exit(2);
}
const areas = requested.length > 0 ? requested : Object.keys(AREAS);
for (const area of areas) {
  console.error(`test:mutation: ${area}`);
  const run = spawnSync("npx", ["stryker", "run", "stryker/stryker.config.mjs"], {
    stdio: "inherit",
    env: { ...process.env, STRYKER_AREA: area },
  });
  if (run.status !== 0) console.error(`test:mutation: stryker exited ${run.status} on ${area}`);
}

const KILLED = new Set(["Killed", "Timeout"]);
const COUNTED = new Set(["Killed", "Timeout", "Survived", "NoCoverage"]);
console.log("\narea      files  mutants  killed  survived  no coverage  score");
for (const area of areas) {
  const path = `reports/mutation/${area}.json`;
  if (!existsSync(path)) {
    console.log(`${area.padEnd(9)} (no report)`);
    continue;
  }
  const report = JSON.parse(readFileSync(path, "utf8")) as Report;
  const mutants = Object.values(report.files).flatMap((file) => file.mutants);
  const counted = mutants.filter((m) => COUNTED.has(m.status));
  const killed = counted.filter((m) => KILLED.has(m.status)).length;
  const survived = counted.filter((m) => m.status === "Survived").length;
  const uncovered = counted.filter((m) => m.status === "NoCoverage").length;
  const score = counted.length === 0 ? 0 : (100 * killed) / counted.length;
  console.log(
    `${area.padEnd(9)} ${String(Object.keys(report.files).length).padStart(5)}  ${String(counted.length).padStart(7)}  ${String(killed).padStart(6)}  ${String(survived).padStart(8)}  ${String(uncovered).padStart(11)}  ${score.toFixed(1)}%`,
  );
}
