import { describe, expect, it } from "vitest";
import { type BuiltChunk, reportBundle } from "../../scripts/vite-bundle-report";

/** A built chunk with nothing in it but what the test sets. */
function chunk(fileName: string, fields: Partial<BuiltChunk> = {}): BuiltChunk {
  return { fileName, isEntry: false, imports: [], moduleIds: [], modules: {}, code: "", ...fields };
}

/** `bytes` of text that gzip cannot shrink much: a fixed pseudo-random byte sequence. */
function incompressible(bytes: number): string {
  let state = 12345;
  let text = "";
  for (let i = 0; i < bytes; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += String.fromCharCode(33 + (state % 94));
  }
  return text;
}

describe("reportBundle", () => {
  it("counts the entry and what it imports statically toward the first load, not lazy chunks", () => {
    const big = incompressible(40 * 1024);
    const chunks = [
      chunk("entry.js", { isEntry: true, imports: ["shared.js"], code: "x" }),
      chunk("shared.js", { code: "y" }),
      chunk("lazy.js", { code: big }),
    ];
    // 40 kB of incompressible text in the lazy chunk alone would break a 10 kB budget.
    expect(reportBundle(chunks, 10).problems).toEqual([]);
    chunks[1] = chunk("shared.js", { code: big });
    expect(reportBundle(chunks, 10).problems).toEqual([
      expect.stringMatching(/^the first load is \d+\.\d kB gzipped, over the 10 kB budget$/),
    ]);
  });

  it("fails on a tfjs module in any main-thread chunk, lazy ones included", () => {
    const chunks = [
      chunk("entry.js", { isEntry: true, code: "x" }),
      chunk("lazy.js", { moduleIds: ["/app/node_modules/@tensorflow/tfjs-core/dist/index.js"] }),
    ];
    expect(reportBundle(chunks, 300).problems).toEqual([
      "tfjs is in the main thread's bundle (1 modules), e.g. lazy.js: /app/node_modules/@tensorflow/tfjs-core/dist/index.js",
    ]);
  });

  it("names the largest packages of the first load", () => {
    const chunks = [
      chunk("entry.js", {
        isEntry: true,
        code: "x",
        modules: {
          "/app/node_modules/react-dom/index.js": { renderedLength: 3072 },
          "/app/node_modules/@scope/pkg/a.js": { renderedLength: 1024 },
          "/app/src/main.tsx": { renderedLength: 2048 },
        },
      }),
    ];
    expect(reportBundle(chunks, 300).lines).toContain(
      "Largest parts of the first load, before minifying: react-dom 3.0 kB, app (src/) 2.0 kB, @scope/pkg 1.0 kB",
    );
  });
});
