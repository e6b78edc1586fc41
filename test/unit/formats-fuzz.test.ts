// Mutated and truncated inputs never make the readers throw: they return data or reasons.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { gzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { type DatasetFile, type ParseDatasetResult, parseDatasetFiles } from "../../src/core/data/readers";
import { type ParseRunLogResult, parseRunLog } from "../../src/core/io/runlog-schema";

const RUNS = { numRuns: 200 };

function expectOkOrReasons(result: ParseRunLogResult | ParseDatasetResult): void {
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) expect(error.length).toBeGreaterThan(0);
}

// ---------- run logs ----------

const exampleText = /```json\n([\s\S]*?)```/.exec(
  readFileSync(new URL("../../docs/run-log.md", import.meta.url), "utf8"),
)![1]!;
const example: unknown = JSON.parse(exampleText);

type Path = (string | number)[];

/** Every path into the example, containers and leaves alike. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== "object" || value === null) return [prefix];
  const children = Object.entries(value).flatMap(([key, child]) =>
    pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key]),
  );
  return [prefix, ...children];
}

function replaced(base: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

describe("parseRunLog under fuzzing", () => {
  it("survives text edits and truncation", () => {
    const edit = fc.record({
      at: fc.nat(exampleText.length),
      cut: fc.nat(4),
      insert: fc.string({ maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 4 }), fc.nat(exampleText.length), (edits, keep) => {
        let text = exampleText;
        for (const { at, cut, insert } of edits) text = text.slice(0, at) + insert + text.slice(at + cut);
        expectOkOrReasons(parseRunLog(text.slice(0, keep)));
        expectOkOrReasons(parseRunLog(text));
      }),
      RUNS,
    );
  });

  it("survives any value at any path, and what it accepts is consistent", () => {
    const paths = pathsOf(example);
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined));
    fc.assert(
      fc.property(fc.constantFrom(...paths), value, (path, newValue) => {
        const result = parseRunLog(JSON.stringify(replaced(example, path, newValue)) ?? "");
        expectOkOrReasons(result);
        if (!result.ok) return;
        const counts = new Map(result.log.model.groups.map((group) => [group.name, group.count]));
        for (const iteration of result.log.iterations) {
          expect(iteration.sparsity.overall).toBeGreaterThanOrEqual(0);
          expect(iteration.sparsity.overall).toBeLessThanOrEqual(1);
          for (const [name, group] of Object.entries(iteration.groups)) {
            expect(group.alive).toHaveLength(counts.get(name)!);
          }
        }
      }),
      RUNS,
    );
  });

  it("survives arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => expectOkOrReasons(parseRunLog(JSON.stringify(value) ?? ""))),
      RUNS,
    );
  });
});

// ---------- dataset files ----------

function idxFile(magic: number, sizes: number[], body: number[]): Uint8Array {
  const header = [magic, ...sizes].flatMap((v) => [
    (v >>> 24) & 0xff,
    (v >>> 16) & 0xff,
    (v >>> 8) & 0xff,
    v & 0xff,
  ]);
  return new Uint8Array([...header, ...body]);
}

const validIdx = (): DatasetFile[] => [
  {
    name: "train-images-idx3-ubyte",
    bytes: idxFile(
      0x803,
      [4, 2, 2],
      Array.from({ length: 16 }, (_, i) => i),
    ),
  },
  { name: "train-labels-idx1-ubyte", bytes: idxFile(0x801, [4], [0, 1, 2, 1]) },
  { name: "t10k-images-idx3-ubyte", bytes: idxFile(0x803, [1, 2, 2], [9, 9, 9, 9]) },
  { name: "t10k-labels-idx1-ubyte", bytes: idxFile(0x801, [1], [2]) },
];

const validCifar = (): DatasetFile[] => [
  { name: "data_batch_1.bin", bytes: new Uint8Array(2 * 3073).fill(3) },
  { name: "test_batch.bin", bytes: new Uint8Array(3073).fill(1) },
];

const mutation = fc.record({
  file: fc.nat(3),
  keep: fc.option(fc.nat(7000), { nil: undefined }),
  flips: fc.array(fc.record({ at: fc.nat(7000), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 4 }),
  gzip: fc.boolean(),
  drop: fc.boolean(),
});

describe("parseDatasetFiles under fuzzing", () => {
  it("survives flipped bytes, truncation, gzip and missing files", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(mutation, { maxLength: 3 }), (cifar, mutations) => {
        let files = cifar ? validCifar() : validIdx();
        for (const { file, keep, flips, gzip, drop } of mutations) {
          const index = file % files.length;
          const target = files[index];
          if (target === undefined) continue;
          if (drop) {
            files = files.filter((_, i) => i !== index);
            continue;
          }
          const bytes = target.bytes.slice(0, keep);
          for (const { at, value } of flips) if (at < bytes.length) bytes[at] = value;
          files[index] = { name: target.name, bytes: gzip ? gzipSync(bytes) : bytes };
        }
        const result = parseDatasetFiles(files, { maxBytes: 100_000 });
        expectOkOrReasons(result);
        if (!result.ok) return;
        const [height, width, channels] = result.data.shape;
        for (const set of [result.data.train, result.data.test]) {
          expect(set.images.length).toBe(set.count * height * width * channels);
          expect(set.labels.every((label) => label < result.data.numClasses)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("survives arbitrary bytes under every recognized name", () => {
    const names = [
      "data_batch_1.bin",
      "test_batch.bin",
      "train.bin",
      "test.bin",
      "train-images-idx3-ubyte",
      "train-labels-idx1-ubyte.gz",
      "t10k-images-idx3-ubyte",
      "t10k-labels-idx1-ubyte",
      "notes.txt",
    ];
    const file = fc.record({ name: fc.constantFrom(...names), bytes: fc.uint8Array({ maxLength: 64 }) });
    fc.assert(
      fc.property(fc.array(file, { maxLength: 4 }), (files) => expectOkOrReasons(parseDatasetFiles(files))),
      RUNS,
    );
  });
});
