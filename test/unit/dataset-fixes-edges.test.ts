// The data panel's fixes at their edges: an image whose sides take different patch sizes, a
// patch size that is not a whole positive number, a split exactly as large as asked, and the
// image side itself as its nearest divisor.
import { describe, expect, it } from "vitest";
import { presetDraft } from "../../src/store/configDraft";
import { fixesFor, nearestDivisor } from "../../src/store/datasetFixes";
import { summaryOf } from "./dataset-fixtures";

const tiny = () => {
  const draft = presetDraft("tiny-vit-synthetic");
  if (!draft) throw new Error("the tiny preset is missing");
  return draft;
};
const vit = (patchSize: unknown, sizes = { trainSize: 10, testSize: 10 }) => ({
  ...tiny(),
  ...sizes,
  model: { ...(tiny().model as object), patchSize },
});

describe("the data panel's fixes, at their edges", () => {
  it("fixes a patch size that divides one side of the image and not the other", () => {
    // 32×24: 16 divides 32, not 24. The common divisors are those of 8: 1 2 4 8; 16 → 8.
    const wide = summaryOf("idx", { shape: [32, 24, 1] });
    expect(fixesFor(vit(16), wide)).toEqual([
      { key: "model.patchSize", value: 8, reason: "patch size 16 does not divide 32×24" },
    ]);
    // 24×32 the other way round.
    const tall = summaryOf("idx", { shape: [24, 32, 1] });
    expect(fixesFor(vit(16), tall).map((fix) => fix.value)).toEqual([8]);
    expect(fixesFor(vit(8), wide)).toEqual([]);
  });

  it("offers no patch fix for a ResNet, nor for a patch size that is not a whole positive number", () => {
    const cifar = summaryOf("cifar10");
    const resnet = { ...vit(7), arch: "resnet" };
    expect(fixesFor(resnet, cifar)).toEqual([]);
    // Those are the validator's to refuse, with its own message.
    for (const patchSize of [0, -4, 2.5, "8", null]) expect(fixesFor(vit(patchSize), cifar)).toEqual([]);
    // 1 divides every image.
    expect(fixesFor(vit(1), cifar)).toEqual([]);
  });

  it("leaves sizes exactly as large as the dataset's splits", () => {
    const cifar = summaryOf("cifar10", { trainCount: 100, testCount: 20 });
    expect(fixesFor(vit(8, { trainSize: 100, testSize: 20 }), cifar)).toEqual([]);
    expect(fixesFor(vit(8, { trainSize: 101, testSize: 21 }), cifar).map((fix) => fix.key)).toEqual([
      "trainSize",
      "testSize",
    ]);
  });

  it("takes the image side itself when it is the nearest divisor", () => {
    expect(nearestDivisor(8, 8)).toBe(8);
    expect(nearestDivisor(8, 100)).toBe(8);
    expect(nearestDivisor(7, 6)).toBe(7);
  });
});
