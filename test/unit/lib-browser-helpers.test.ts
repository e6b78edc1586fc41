// The page's small browser helpers, against stand-ins for the browser APIs they use: download
// file names, which stored runs a page still trains (Web Locks), and the embedded MNIST fetch.
import { afterEach, describe, expect, it, vi } from "vitest";
import { copyText } from "../../src/lib/clipboard";
import { fileStem } from "../../src/lib/exporters";
import { browserRunLiveness } from "../../src/lib/runLiveness";
import { parseUrlQuery } from "../../src/lib/urlQuery";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe("fileStem", () => {
  it("lowercases the name and joins its words with single dashes", () => {
    expect(fileStem("RSST ViT, seed 3")).toBe("rsst-vit-seed-3");
    expect(fileStem("a__b  c")).toBe("a-b-c");
  });

  it("trims dashes at both ends, and names an empty stem 'run'", () => {
    expect(fileStem("  (tiny) ")).toBe("tiny");
    expect(fileStem("--x--")).toBe("x");
    expect(fileStem("!!!")).toBe("run");
    expect(fileStem("")).toBe("run");
  });
});

interface Lock {
  name: string;
}

/** navigator.locks as the page sees it: a request holds its lock until its callback's promise settles. */
function fakeLocks() {
  const held: Lock[] = [];
  const requested: string[] = [];
  return {
    requested,
    locks: {
      request(name: string, callback: () => Promise<void>) {
        requested.push(name);
        const lock = { name };
        held.push(lock);
        return callback().then(() => {
          held.splice(held.indexOf(lock), 1);
        });
      },
      async query() {
        return { held: [...held], pending: [{ name: "someone-else.lock" }] };
      },
    },
  };
}

describe("browserRunLiveness", () => {
  it("holds a lock named after the run until released, and lists only the lab's runs", async () => {
    const fake = fakeLocks();
    vi.stubGlobal("navigator", { locks: fake.locks });
    const liveness = browserRunLiveness();
    const releaseA = liveness.hold("run-a");
    liveness.hold("run-b");
    expect(fake.requested).toEqual(["pruning-lab.run.run-a", "pruning-lab.run.run-b"]);
    expect(await liveness.liveRunIds()).toEqual(new Set(["run-a", "run-b"]));
    releaseA();
    await Promise.resolve();
    await Promise.resolve();
    expect(await liveness.liveRunIds()).toEqual(new Set(["run-b"]));
  });

  it("reads a query with neither list as no live runs", async () => {
    vi.stubGlobal("navigator", { locks: { request: async () => {}, query: async () => ({}) } });
    expect(await browserRunLiveness().liveRunIds()).toEqual(new Set());
  });

  it("cannot tell without the Web Locks API (null), and holding then does nothing", async () => {
    vi.stubGlobal("navigator", {});
    const liveness = browserRunLiveness();
    expect(await liveness.liveRunIds()).toBeNull();
    expect(() => liveness.hold("run-a")()).not.toThrow();
  });
});

describe("mnistPool", () => {
  it("a failed fetch is forgotten, so the next call fetches again", async () => {
    const fetch = vi.fn(async () => ({ ok: false, arrayBuffer: async () => new ArrayBuffer(0) }));
    vi.stubGlobal("fetch", fetch);
    const { mnistPool } = await import("../../src/lib/mnistPool");
    expect(await mnistPool()).toBeNull();
    expect(await mnistPool()).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch).toHaveBeenCalledWith("/data/mnist.bin");
  });

  it("a network error is read as no pool, not thrown", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    const { mnistPool } = await import("../../src/lib/mnistPool");
    expect(await mnistPool()).toBeNull();
  });

  it("parses the file once and keeps it: a second call does not fetch again", async () => {
    // "PLMN", count 2 (uint32 LE), 1×2 pixels, labels 3 and 7, then the pixels.
    const bytes = new Uint8Array([0x50, 0x4c, 0x4d, 0x4e, 2, 0, 0, 0, 1, 2, 3, 7, 10, 20, 30, 40]);
    const fetch = vi.fn(async () => ({ ok: true, arrayBuffer: async () => bytes.slice().buffer }));
    vi.stubGlobal("fetch", fetch);
    const { mnistPool } = await import("../../src/lib/mnistPool");
    const pool = await mnistPool();
    expect(pool?.count).toBe(2);
    expect([...(pool?.labels ?? [])]).toEqual([3, 7]);
    expect([...(pool?.images ?? [])]).toEqual([10, 20, 30, 40]);
    expect(await mnistPool()).toBe(pool);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("a file that is not mnist.bin is read as no pool, and fetched again next time", async () => {
    const fetch = vi.fn(async () => ({ ok: true, arrayBuffer: async () => new Uint8Array(16).buffer }));
    vi.stubGlobal("fetch", fetch);
    const { mnistPool } = await import("../../src/lib/mnistPool");
    expect(await mnistPool()).toBeNull();
    expect(await mnistPool()).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe("copyText", () => {
  it("is true when the clipboard took the text", async () => {
    const written: string[] = [];
    vi.stubGlobal("navigator", { clipboard: { writeText: async (text: string) => void written.push(text) } });
    expect(await copyText("npm run lab")).toBe(true);
    expect(written).toEqual(["npm run lab"]);
  });

  it("is false when the browser refuses, or has no clipboard", async () => {
    vi.stubGlobal("navigator", {
      clipboard: {
        writeText: async () => {
          throw new DOMException("denied", "NotAllowedError");
        },
      },
    });
    expect(await copyText("x")).toBe(false);
    vi.stubGlobal("navigator", {});
    expect(await copyText("x")).toBe(false);
  });
});

describe("parseUrlQuery", () => {
  it("takes the preset apart and keeps every other key, backend included, in order", () => {
    expect(parseUrlQuery("?epochs=1&preset=tiny-vit-synthetic&model.depth=2&backend=wasm")).toEqual({
      preset: "tiny-vit-synthetic",
      overrides: [
        ["epochs", "1"],
        ["model.depth", "2"],
        ["backend", "wasm"],
      ],
    });
  });

  it("has no preset without one, and decodes the texts", () => {
    expect(parseUrlQuery("lr=2e-3&name=a%20b")).toEqual({
      preset: null,
      overrides: [
        ["lr", "2e-3"],
        ["name", "a b"],
      ],
    });
  });
});
