import { gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/** The parts of a built chunk the report reads (a subset of Rollup's OutputChunk). */
export interface BuiltChunk {
  fileName: string;
  isEntry: boolean;
  imports: string[];
  moduleIds: string[];
  modules: Record<string, { renderedLength: number }>;
  code: string;
}

export interface BundleReport {
  lines: string[];
  /** Why the build must fail; empty when it is lean. */
  problems: string[];
}

/**
 * Reports, on every build, what the main thread loads before the first paint: the entry chunk
 * and the chunks it imports statically, raw and gzipped, and the largest packages in them. The
 * build fails if a main-thread chunk holds a @tensorflow module (tfjs belongs in the training
 * worker's chunk) or if that first load exceeds `budgetKb` gzipped. The workers are bundled
 * apart and never reach this plugin.
 */
export function bundleReport(budgetKb: number): Plugin {
  return {
    name: "bundle-report",
    apply: "build",
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((output) => output.type === "chunk");
      const report = reportBundle(chunks, budgetKb);
      this.info(report.lines.join("\n"));
      if (report.problems.length > 0) this.error(report.problems.join("; "));
    },
  };
}

export function reportBundle(chunks: BuiltChunk[], budgetKb: number): BundleReport {
  const initial = firstLoad(chunks);
  const lines = ["Main-thread chunks:"];
  let firstLoadGzip = 0;
  for (const chunk of chunks) {
    const gz = gzipSync(chunk.code, { level: 9 }).length;
    const loaded = initial.has(chunk);
    if (loaded) firstLoadGzip += gz;
    const when = chunk.isEntry ? " (entry)" : loaded ? " (imported by the entry)" : " (loaded later)";
    lines.push(`  ${chunk.fileName}${when}: ${kb(chunk.code.length)} kB, ${kb(gz)} kB gzipped`);
  }
  lines.push(`Largest parts of the first load, before minifying: ${largestPackages(initial)}`);
  const tfjs = chunks.flatMap((chunk) =>
    chunk.moduleIds
      .filter((id) => id.includes("node_modules/@tensorflow/"))
      .map((id) => `${chunk.fileName}: ${id}`),
  );
  lines.push(
    `First load: ${kb(firstLoadGzip)} kB gzipped (budget ${budgetKb} kB); tfjs modules on the main thread: ${tfjs.length}`,
  );
  const problems: string[] = [];
  if (tfjs.length > 0)
    problems.push(`tfjs is in the main thread's bundle (${tfjs.length} modules), e.g. ${tfjs[0]}`);
  if (firstLoadGzip > budgetKb * 1024) {
    problems.push(`the first load is ${kb(firstLoadGzip)} kB gzipped, over the ${budgetKb} kB budget`);
  }
  return { lines, problems };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** The entry chunks and every chunk they import statically. */
function firstLoad(chunks: BuiltChunk[]): Set<BuiltChunk> {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const seen = new Set<BuiltChunk>();
  const visit = (chunk: BuiltChunk | undefined) => {
    if (chunk === undefined || seen.has(chunk)) return;
    seen.add(chunk);
    for (const imported of chunk.imports) visit(byName.get(imported));
  };
  for (const chunk of chunks) if (chunk.isEntry) visit(chunk);
  return seen;
}

/** The package a module belongs to (its node_modules name), or the app itself. */
function packageOf(id: string): string {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1] ?? "app (src/)";
}

function largestPackages(chunks: Set<BuiltChunk>): string {
  const sizes = new Map<string, number>();
  for (const chunk of chunks) {
    for (const [id, module] of Object.entries(chunk.modules)) {
      sizes.set(packageOf(id), (sizes.get(packageOf(id)) ?? 0) + module.renderedLength);
    }
  }
  return [...sizes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([name, size]) => `${name} ${kb(size)} kB`)
    .join(", ");
}
