// The run on screen, remembered across reloads in localStorage: written, cleared, read back, and
// nothing when the page has no storage, refuses it, or its quota is full.
import { afterEach, describe, expect, it, vi } from "vitest";
import { browserShownRunMemory } from "../../src/store/shownRunMemory";
import { memoryStorage } from "./fixtures/storage";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the shown run's memory", () => {
  it("writes the id under the lab's key, reads it back, and clears it for null", () => {
    const { storage, items } = memoryStorage();
    vi.stubGlobal("localStorage", storage);
    const memory = browserShownRunMemory();
    expect(memory.read()).toBeNull();
    memory.write("run-7");
    expect([...items]).toEqual([["pruning-lab:shown-run", "run-7"]]);
    expect(memory.read()).toBe("run-7");
    // Another page's memory reads the same storage: this is what a reload finds.
    expect(browserShownRunMemory().read()).toBe("run-7");
    memory.write(null);
    expect(items.size).toBe(0);
    expect(memory.read()).toBeNull();
  });

  it("remembers nothing, and throws nothing, without localStorage", () => {
    vi.stubGlobal("localStorage", undefined);
    const memory = browserShownRunMemory();
    memory.write("run-1");
    expect(memory.read()).toBeNull();
  });

  it("remembers nothing when reaching localStorage throws (storage blocked by the browser)", () => {
    Object.defineProperty(globalThis, "localStorage", {
      configurable: true,
      get() {
        throw new DOMException("access is denied", "SecurityError");
      },
    });
    try {
      const memory = browserShownRunMemory();
      expect(() => memory.write("run-1")).not.toThrow();
      expect(memory.read()).toBeNull();
    } finally {
      Reflect.deleteProperty(globalThis, "localStorage");
    }
  });

  it("keeps what it had when a write is refused, and throws nothing", () => {
    const { storage, items } = memoryStorage(true);
    items.set("pruning-lab:shown-run", "run-1");
    vi.stubGlobal("localStorage", storage);
    const memory = browserShownRunMemory();
    expect(() => memory.write("run-2")).not.toThrow();
    expect(memory.read()).toBe("run-1");
  });
});
