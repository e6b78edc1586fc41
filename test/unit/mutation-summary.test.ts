// The score table of npm run test:mutation, on a hand-made report: Stryker's score counts
// timeouts as killed and leaves out errors, targets come from the longest folder prefix.
import { describe, expect, it } from "vitest";
import { areaRow, folderRows, formatRows, survivorLines, targetFor } from "../../scripts/mutation-summary";

const TARGETS = { "src/core": 85, "src/store": 75, "src/core/io": 90 };
const mutants = (...statuses: string[]) => ({ mutants: statuses.map((status) => ({ status })) });
const REPORT = {
  files: {
    "src/core/a.ts": mutants("Killed", "Killed", "Timeout", "Survived", "CompileError"),
    "src/core/io/b.ts": mutants("Killed", "NoCoverage", "Ignored", "RuntimeError"),
  },
};

describe("mutation summary", () => {
  it("scores an area: 4 of 6 counted mutants killed, the strictest target of its files", () => {
    expect(areaRow("io", REPORT, TARGETS)).toEqual({
      name: "io",
      files: 2,
      killed: 3,
      timeout: 1,
      survived: 1,
      noCoverage: 1,
      score: (100 * 4) / 6,
      target: 90,
    });
  });

  it("scores each folder over all reports, sorted", () => {
    const other = { files: { "src/core/a.ts": mutants("Survived") } };
    const rows = folderRows([REPORT, other], TARGETS);
    expect(rows.map((r) => [r.name, r.files, r.score, r.target])).toEqual([
      ["src/core", 1, 60, 85],
      ["src/core/io", 1, 50, 90],
    ]);
  });

  it("takes the longest folder prefix, not a name that merely starts alike", () => {
    expect(targetFor("src/core/io/x.ts", TARGETS)).toBe(90);
    expect(targetFor("src/core/x.ts", TARGETS)).toBe(85);
    expect(targetFor("src/corex/x.ts", TARGETS)).toBeNull();
    expect(targetFor("src/store", TARGETS)).toBe(75);
  });

  it("says by how much a row falls short of its target", () => {
    const [core, io] = folderRows([REPORT], TARGETS);
    expect(formatRows([core!])).toContain("75.0%  85%  short by 10.0");
    expect(formatRows([{ ...io!, score: 95 }])).toContain("95.0%  90%  met");
  });

  it("lists the mutants that lived, by file and line, and only those", () => {
    const at = (line: number, column: number) => ({ start: { line, column } });
    const report = {
      files: {
        "src/b.ts": {
          mutants: [
            { status: "NoCoverage", mutatorName: "BlockStatement", replacement: "{}", location: at(3, 1) },
            { status: "Killed", mutatorName: "StringLiteral", replacement: '""', location: at(4, 2) },
          ],
        },
        "src/a.ts": {
          mutants: [
            {
              status: "Survived",
              mutatorName: "EqualityOperator",
              replacement: "i <=\n  n",
              location: at(7, 9),
            },
          ],
        },
      },
    };
    expect(survivorLines(report)).toEqual([
      "src/a.ts:7:9  EqualityOperator  → i <= n",
      "src/b.ts:3:1  BlockStatement (no test covers it)  → {}",
    ]);
  });
});
