// Builds the app and reports what the main thread loads (issue 6, "Lean"): the entry chunk and
// the chunks it imports statically, raw and gzipped, and the biggest packages in them. Fails
// (exit 1) if any main-thread chunk contains a module of @tensorflow (tfjs belongs in the
// training worker's chunk) or if the first load exceeds the gzip budget.
//
//   node scripts/bundle-report.mjs [--outDir dist] [--budget-kb 300]
//
// It runs `vite build` itself, with a plugin that records every chunk's modules: a built file
// no longer says which modules it holds.
import { gzipSync } from "node:zlib";
import { build } from "vite";

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const outDir = option("outDir", "dist");
const budgetKb = Number(option("budget-kb", "300"));

/** The main build's chunks (workers are built apart and arrive here as assets). */
const chunks = new Map();
const recorder = {
  name: "bundle-report",
  generateBundle(_options, bundle) {
    for (const output of Object.values(bundle)) {
      if (output.type !== "chunk") continue;
      chunks.set(output.fileName, {
        fileName: output.fileName,
        isEntry: output.isEntry,
        imports: output.imports,
        moduleIds: output.moduleIds,
        modules: output.modules,
        code: output.code,
      });
    }
  },
};

await build({ logLevel: "warn", build: { outDir, emptyOutDir: true }, plugins: [recorder] });

const kb = (bytes) => (bytes / 1024).toFixed(1);
const gzipped = (code) => gzipSync(code, { level: 9 }).length;

/** The entry chunks and every chunk they import statically: what loads before first paint. */
function firstLoad() {
  const seen = new Set();
  const visit = (fileName) => {
    if (seen.has(fileName) || !chunks.has(fileName)) return;
    seen.add(fileName);
    for (const imported of chunks.get(fileName).imports) visit(imported);
  };
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
  return [...seen].map((fileName) => chunks.get(fileName));
}

/** The package a module belongs to (its node_modules name), or "app" for the project's own. */
function packageOf(id) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
  return match ? match[1] : "app (src/)";
}

const initial = firstLoad();
let totalGzip = 0;
console.log("Main-thread chunks loaded at start:");
for (const chunk of initial) {
  const gz = gzipped(chunk.code);
  totalGzip += gz;
  console.log(
    `  ${chunk.fileName}${chunk.isEntry ? " (entry)" : ""}: ${kb(chunk.code.length)} kB, ${kb(gz)} kB gzipped`,
  );
}
const lazy = [...chunks.values()].filter((chunk) => !initial.includes(chunk));
for (const chunk of lazy) {
  console.log(
    `  ${chunk.fileName} (loaded later): ${kb(chunk.code.length)} kB, ${kb(gzipped(chunk.code))} kB gzipped`,
  );
}

const byPackage = new Map();
for (const chunk of initial) {
  for (const [id, module] of Object.entries(chunk.modules)) {
    const name = packageOf(id);
    byPackage.set(name, (byPackage.get(name) ?? 0) + module.renderedLength);
  }
}
const biggest = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
console.log(
  `Largest parts (as rendered, before minifying): ${biggest.map(([name, size]) => `${name} ${kb(size)} kB`).join(", ")}`,
);

const problems = [];
const tfjsModules = [...chunks.values()].flatMap((chunk) =>
  chunk.moduleIds
    .filter((id) => id.includes("node_modules/@tensorflow/"))
    .map((id) => `${chunk.fileName}: ${id}`),
);
if (tfjsModules.length > 0) {
  problems.push(
    `tfjs is in the main thread's bundle (${tfjsModules.length} modules), e.g. ${tfjsModules[0]}`,
  );
}
if (totalGzip > budgetKb * 1024) {
  problems.push(`the first load is ${kb(totalGzip)} kB gzipped, over the ${budgetKb} kB budget`);
}
console.log(
  `First load: ${kb(totalGzip)} kB gzipped (budget ${budgetKb} kB); tfjs modules in it: ${tfjsModules.length}`,
);
if (problems.length > 0) {
  for (const problem of problems) console.error(`bundle-report: ${problem}`);
  process.exit(1);
}
