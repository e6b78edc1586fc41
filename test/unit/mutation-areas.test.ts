// The mutation areas (stryker/areas.json) cover the code the targets are set for: every source
// file of src/core, src/store and src/lib is mutated by exactly one area, and every test glob
// of an area names at least one test.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";
import areaFile from "../../stryker/areas.json" with { type: "json" };

const { $comment: _, $targets: targets, ...AREAS } = areaFile;

/** Files under `dir`, as paths relative to the repository root. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Stryker's globs as used here: `**` spans folders, `*` stays within one. */
function globRegExp(glob: string): RegExp {
  const pattern = glob
    .split("**/")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*"))
    .join("(?:.*/)?");
  return new RegExp(`^${pattern}$`);
}

function matches(globs: string[], path: string): boolean {
  const included = globs.filter((g) => !g.startsWith("!")).some((g) => globRegExp(g).test(path));
  const excluded = globs.filter((g) => g.startsWith("!")).some((g) => globRegExp(g.slice(1)).test(path));
  return included && !excluded;
}

/** What a file imports: the specifiers of its `import … from "…"` and `import "…"` lines. */
function importsOf(path: string): string[] {
  const text = readFileSync(path, "utf8");
  return [...text.matchAll(/^import\s+(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm)].flatMap((match) =>
    match[1] === undefined ? [] : [match[1]],
  );
}

/** The source folders `test` reaches, through the test helpers it imports (fixtures and the like). */
function sourcesReached(test: string, seen = new Set<string>()): string[] {
  if (seen.has(test)) return [];
  seen.add(test);
  return importsOf(test).flatMap((specifier) => {
    if (!specifier.startsWith(".")) return [];
    const target = normalize(join(dirname(test), specifier));
    if (target.startsWith("test/")) return sourcesReached(`${target.replace(/\.ts$/, "")}.ts`, seen);
    return [target];
  });
}

/** Files with code: a file of only types and interfaces has nothing to mutate. */
const TYPES_ONLY = /(^|\/)types\.ts$/;

describe("the glob reading", () => {
  it("reads * within a folder, ** across folders and ! as an exclusion", () => {
    expect(matches(["src/core/prune/*.ts"], "src/core/prune/rsst.ts")).toBe(true);
    expect(matches(["src/core/prune/*.ts"], "src/core/prune/sub/rsst.ts")).toBe(false);
    expect(matches(["src/store/**/*.ts"], "src/store/labStore.ts")).toBe(true);
    expect(matches(["src/store/**/*.ts"], "src/store/views/a/b.ts")).toBe(true);
    expect(matches(["src/lib/**/*.ts", "!src/lib/serviceWorker.ts"], "src/lib/serviceWorker.ts")).toBe(false);
    expect(matches(["test/unit/prune-*.test.ts"], "test/unit/prune-refill.test.ts")).toBe(true);
    expect(matches(["test/unit/prune-*.test.ts"], "test/unit/groups.test.ts")).toBe(false);
  });
});

describe("the mutation areas", () => {
  const sources = ["src/core", "src/store", "src/lib"]
    .flatMap(filesUnder)
    .filter((path) => path.endsWith(".ts") && !TYPES_ONLY.test(path));
  const tests = filesUnder("test/unit");

  it("has a target for each of src/core, src/store and src/lib", () => {
    expect(Object.keys(targets).sort()).toEqual(["src/core", "src/lib", "src/store"]);
  });

  it("mutates every source file in exactly one area, except the service worker", () => {
    const uncovered: string[] = [];
    const twice: string[] = [];
    for (const path of sources) {
      const owners = Object.entries(AREAS).filter(([, area]) => matches(area.mutate, path));
      if (owners.length === 0 && path !== "src/lib/serviceWorker.ts") uncovered.push(path);
      if (owners.length > 1) twice.push(`${path}: ${owners.map(([name]) => name).join(", ")}`);
    }
    expect(uncovered).toEqual([]);
    expect(twice).toEqual([]);
  });

  it("runs, in each area of src/store and of src/lib, every unit test that imports them (through test helpers too)", () => {
    const missing: string[] = [];
    const folderAreas = Object.entries(AREAS).flatMap(([name, area]) => {
      const folder = ["src/store/", "src/lib/"].find((f) =>
        area.mutate.every((glob) => glob.replace(/^!/, "").startsWith(f)),
      );
      return folder === undefined ? [] : [{ name, area, folder }];
    });
    expect(folderAreas.map(({ name }) => name).sort()).toEqual([
      "lib",
      "store-history",
      "store-run",
      "store-sweep-data",
      "store-views",
    ]);
    for (const { name, area, folder } of folderAreas) {
      for (const test of tests.filter((path) => path.endsWith(".test.ts"))) {
        const reaches = sourcesReached(test).some((source) => source.startsWith(folder));
        if (reaches && !matches(area.tests, test)) missing.push(`${name}: ${test}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("names only tests that exist", () => {
    const empty = Object.entries(AREAS).flatMap(([name, area]) =>
      area.tests
        .filter((glob) => !tests.some((path) => matches([glob], path)))
        .map((glob) => `${name}: ${glob}`),
    );
    expect(empty).toEqual([]);
  });
});
