// The page's small browser helpers, against stand-ins for the browser APIs they use: download
// file names, which stored runs a page still trains (Web Locks), and the embedded MNIST fetch.
import { afterEach, describe, expect, it, vi } from "vitest";
import { copyText } from "../../src/lib/clipboard";
import {
  canvasPng,
  downloadBlob,
  downloadRunLog,
  downloadSafetensors,
  fileStem,
} from "../../src/lib/exporters";
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

  it("cannot tell where there is no navigator at all (a worker-less test page, Node)", async () => {
    vi.stubGlobal("navigator", undefined);
    expect(await browserRunLiveness().liveRunIds()).toBeNull();
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

describe("downloads", () => {
  /** A page with just what downloadBlob touches: links, the body, object URLs, a timer. */
  function fakePage() {
    const clicked: { href: string; download: string; display: string; inBody: boolean }[] = [];
    const blobs = new Map<string, Blob>();
    const revoked: string[] = [];
    const body = { children: new Set<object>(), append: (el: object) => body.children.add(el) };
    vi.stubGlobal("document", {
      body,
      createElement: () => {
        const link = {
          href: "",
          download: "",
          style: { display: "" },
          click: () =>
            clicked.push({
              href: link.href,
              download: link.download,
              display: link.style.display,
              inBody: body.children.has(link),
            }),
          remove: () => body.children.delete(link),
        };
        return link;
      },
    });
    let n = 0;
    vi.stubGlobal("URL", {
      createObjectURL: (blob: Blob) => {
        const url = `blob:${++n}`;
        blobs.set(url, blob);
        return url;
      },
      revokeObjectURL: (url: string) => void revoked.push(url),
    });
    return { clicked, blobs, revoked, body };
  }

  it("clicks a hidden link to the blob under the file name, removes it, and frees the URL after a second", () => {
    vi.useFakeTimers();
    try {
      const page = fakePage();
      downloadBlob(new Blob(["x"]), "a.txt");
      expect(page.clicked).toEqual([{ href: "blob:1", download: "a.txt", display: "none", inBody: true }]);
      expect(page.body.children.size).toBe(0);
      vi.advanceTimersByTime(999);
      expect(page.revoked).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(page.revoked).toEqual(["blob:1"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("names a run log NAME.run.json (indented JSON and a newline) and a checkpoint NAME.iter-N.safetensors", async () => {
    const page = fakePage();
    const log = { format: "pruning-lab.run", iterations: [] } as unknown as Parameters<
      typeof downloadRunLog
    >[0];
    downloadRunLog(log, "RSST ViT");
    downloadSafetensors(new Uint8Array([1, 2, 3]), "RSST ViT", 2);
    expect(page.clicked.map((c) => c.download)).toEqual(["rsst-vit.run.json", "rsst-vit.iter-2.safetensors"]);
    const json = page.blobs.get("blob:1")!;
    expect(json.type).toBe("application/json");
    expect(await json.text()).toBe(`${JSON.stringify(log, null, 2)}\n`);
    const bytes = page.blobs.get("blob:2")!;
    expect(bytes.type).toBe("application/octet-stream");
    expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it("canvasPng gives the canvas's PNG, and refuses a canvas that gives none", async () => {
    const png = new Blob(["png"], { type: "image/png" });
    const asked: string[] = [];
    const canvas = (blob: Blob | null) =>
      ({
        toBlob: (callback: (b: Blob | null) => void, type: string) => {
          asked.push(type);
          callback(blob);
        },
      }) as unknown as HTMLCanvasElement;
    await expect(canvasPng(canvas(png))).resolves.toBe(png);
    await expect(canvasPng(canvas(null))).rejects.toThrow("the canvas gave no PNG");
    expect(asked).toEqual(["image/png", "image/png"]);
  });
});
