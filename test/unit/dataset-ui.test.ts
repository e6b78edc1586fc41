import { describe, expect, it } from "vitest";
import { FIELD_GROUPS } from "../../src/ui/configFields";
import { withDatasetChoices } from "../../src/ui/data/datasetField";
import { errorsByFile } from "../../src/ui/data/errorsByFile";
import { toRgba } from "../../src/ui/data/previewPixels";

describe("errorsByFile", () => {
  it("groups the messages under the file each names, the longest matching name first", () => {
    const errors = [
      "data_batch_1.bin (1): not a dataset file name this app knows",
      "data_batch_1.bin: 5 bytes is not a whole number of 3,073-byte records",
      "train-images-idx3-ubyte has 3 images but train-labels-idx1-ubyte has 2 labels",
      "data_batch_1.bin: the same file as data_batch_2.bin, given twice",
      "no training files: add train.bin",
    ];
    const names = [
      "data_batch_1.bin",
      "data_batch_1.bin (1)",
      "train-images-idx3-ubyte",
      "train-labels-idx1-ubyte",
    ];
    expect(errorsByFile(errors, names)).toEqual([
      { file: "data_batch_1.bin (1)", problems: ["not a dataset file name this app knows"] },
      {
        file: "data_batch_1.bin",
        problems: [
          "5 bytes is not a whole number of 3,073-byte records",
          "the same file as data_batch_2.bin, given twice",
        ],
      },
      {
        file: "train-images-idx3-ubyte",
        problems: ["train-images-idx3-ubyte has 3 images but train-labels-idx1-ubyte has 2 labels"],
      },
      { file: null, problems: ["no training files: add train.bin"] },
    ]);
  });
});

describe("toRgba", () => {
  it("turns an HWC image into opaque RGBA, repeating a gray channel", () => {
    // Two 2-pixel colour images back to back; image 1 is (1,2,3) (4,5,6).
    const colour = new Uint8Array([9, 9, 9, 9, 9, 9, 1, 2, 3, 4, 5, 6]);
    expect([...toRgba(colour, 1, 6, 3)]).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
    const gray = new Uint8Array([7, 8, 30, 40]);
    expect([...toRgba(gray, 1, 2, 1)]).toEqual([30, 30, 30, 255, 40, 40, 40, 255]);
  });
});

describe("the dataset choice of the form", () => {
  const datasetField = FIELD_GROUPS.flatMap((group) => group.fields).find((field) => field.key === "dataset");
  const optionsOf = (names: string[], current: unknown) => {
    if (!datasetField) throw new Error("the form has no dataset field");
    const { input } = withDatasetChoices(datasetField, names, current);
    return input.type === "select" ? input.options : [];
  };

  it("offers the built-in datasets, then the loaded ones, then an unknown current value", () => {
    expect(optionsOf(["cifar10", "idx"], "mnist")).toEqual(["mnist", "synthetic", "cifar10", "idx"]);
    expect(optionsOf([], "cifar10")).toEqual(["mnist", "synthetic", "cifar10"]);
    expect(optionsOf(["cifar10"], 3)).toEqual(["mnist", "synthetic", "cifar10"]);
  });
});
