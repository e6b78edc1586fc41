// StrykerJS for one area of stryker/areas.json, named by STRYKER_AREA (npm run test:mutation).
import AREAS from "./areas.json" with { type: "json" };

const name = process.env.STRYKER_AREA ?? "prune";
const area = name.startsWith("$") ? undefined : AREAS[name];
if (!area)
  throw new Error(
    `unknown mutation area "${name}"; known: ${Object.keys(AREAS)
      .filter((key) => !key.startsWith("$"))
      .join(", ")}`,
  );
process.env.STRYKER_TESTS = area.tests.join(",");

export default {
  testRunner: "vitest",
  vitest: { configFile: "stryker/vitest.config.ts", related: false },
  coverageAnalysis: "perTest",
  mutate: area.mutate,
  reporters: ["clear-text", "progress-append-only", "json"],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  // A rerun tests again only the mutants whose code or covering tests changed since the last one
  // (Stryker's incremental mode); `--force` on the command line reruns them all.
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  concurrency: 1,
  timeoutMS: 120_000,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  checkers: [],
  ignoreStatic: true,
  // The sandbox is a copy of the project: leave out what no unit test reads (docs/ stays: the
  // run-log readers' tests parse docs/run-log.md's example).
  ignorePatterns: ["/.venv-python", "/python", "/.python-fixtures", "/dist", "/test-results", "/reports"],
};
