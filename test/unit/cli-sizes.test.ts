// trainSize and testSize with data files: what the files hold unless the config says, capped
// at what a run may take; a size the config gives must fit.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/errors";
import { checkDataSizes, withDataSizes } from "../../src/cli/sizes";
import { CONFIG_LIMITS } from "../../src/core/config";
import { splitSizeErrors, wholeSplitSizes } from "../../src/core/data/custom";

const SMALL = { name: "cifar10", trainCount: 600, testCount: 100 };
const HUGE = { name: "idx", trainCount: 112_800, testCount: 18_800 };

function fitted(input: Record<string, unknown>, given: Record<string, unknown>, counts = SMALL) {
  const notes: string[] = [];
  return { input: withDataSizes(input, given, counts, (note) => notes.push(note)), notes };
}

describe("wholeSplitSizes and splitSizeErrors", () => {
  it("take each split whole, up to CONFIG_LIMITS.images", () => {
    expect(wholeSplitSizes(SMALL)).toEqual({ trainSize: 600, testSize: 100 });
    expect(wholeSplitSizes(HUGE)).toEqual({ trainSize: CONFIG_LIMITS.images, testSize: 18_800 });
  });

  it("name each size above its split, and pass sizes that are no numbers", () => {
    expect(splitSizeErrors(SMALL, { trainSize: 600, testSize: 100 })).toEqual([]);
    expect(splitSizeErrors(SMALL, { trainSize: 8000, testSize: "many" })).toEqual([
      {
        key: "trainSize",
        message: "trainSize: must be at most the 600 training images of cifar10, got 8000",
      },
    ]);
  });
});

describe("withDataSizes", () => {
  it("fills the sizes the config leaves out with what the files hold, with a note each", () => {
    expect(fitted({ arch: "vit" }, { arch: "vit" })).toEqual({
      input: { arch: "vit", trainSize: 600, testSize: 100 },
      notes: [
        "trainSize follows the data: 600 (all the files hold)",
        "testSize follows the data: 100 (all the files hold)",
      ],
    });
  });

  it("caps them at what a run may take, saying so", () => {
    const { input, notes } = fitted({}, {}, HUGE);
    expect(input).toEqual({ trainSize: 60_000, testSize: 18_800 });
    expect(notes[0]).toBe(
      "trainSize follows the data: 60000 (of the 112800 the files hold: a run takes at most 60000; set trainSize to choose)",
    );
  });

  it("keeps the sizes the config file gives, even too large ones (checkDataSizes refuses those)", () => {
    expect(fitted({ trainSize: 8000, testSize: 50 }, { trainSize: 8000, testSize: 50 })).toEqual({
      input: { trainSize: 8000, testSize: 50 },
      notes: [],
    });
  });

  it("keeps a preset's size that fits, and replaces one that does not", () => {
    const { input, notes } = fitted({ trainSize: 4000, testSize: 50 }, {});
    expect(input).toEqual({ trainSize: 600, testSize: 50 });
    expect(notes).toEqual(["trainSize follows the data: 600 (all the files hold, not the preset's 4000)"]);
  });
});

describe("checkDataSizes", () => {
  it("refuses a size above the data, naming the key and the count", () => {
    expect(() => checkDataSizes({ trainSize: 8000, testSize: 100 }, SMALL)).toThrow(
      new UsageError(
        "trainSize: must be at most the 600 training images of cifar10, got 8000; leave trainSize out of --config to take them all",
      ),
    );
    expect(() => checkDataSizes({ trainSize: 600, testSize: 100 }, SMALL)).not.toThrow();
  });
});
