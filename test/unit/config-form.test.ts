import { describe, expect, it } from "vitest";
import { FIELD_GROUPS } from "../../src/ui/configFields";

const fields = FIELD_GROUPS.flatMap((group) => group.fields);
const fieldOf = (key: string, arch = "vit") =>
  fields.find((f) => f.key === key && (f.when?.({ arch }) ?? true));

describe("the form derived from the table of keys", () => {
  it("groups every key, the model's after arch and the new keys in their own groups", () => {
    const layout = Object.fromEntries(
      FIELD_GROUPS.map((group) => [group.title, group.fields.map((f) => f.key)]),
    );
    expect(layout).toEqual({
      Model: [
        "arch",
        "model.depth",
        "model.embedDim",
        "model.numHeads",
        "model.mlpRatio",
        "model.patchSize",
        "model.depth",
        "model.width",
        "init",
      ],
      Data: ["dataset", "trainSize", "testSize", "augment", "seed"],
      Training: [
        "epochs",
        "batchSize",
        "optimizer",
        "lr",
        "momentum",
        "weightDecay",
        "warmup",
        "decreasingLr",
        "backend",
      ],
      Pruning: [
        "struct",
        "pruningTimes",
        "rate",
        "sortingMode",
        "criteria",
        "vitPruneTarget",
        "headBudget",
        "fillbackRate",
        "rewindEpoch",
        "criteriaBatches",
      ],
      RSST: ["regGranularityPrune", "rstSchedule", "exponents"],
      "Final ticket": ["finalTrain", "finalEpochs"],
      Analysis: ["attentionImages", "ablateAll"],
    });
  });

  it("shows each arch its own model fields, a ResNet's depth as a choice of 8, 14, 20", () => {
    expect(fieldOf("model.depth", "vit")).toMatchObject({
      label: "Blocks",
      input: { type: "number", step: 1 },
    });
    expect(fieldOf("model.depth", "resnet")).toMatchObject({
      label: "Depth",
      input: { type: "select", options: [8, 14, 20] },
    });
    expect(fieldOf("model.width", "vit")).toBeUndefined();
    expect(fieldOf("attentionImages", "resnet")).toBeUndefined();
    expect(fieldOf("attentionImages", "vit")?.input).toEqual({ type: "number", step: 1 });
    expect(fieldOf("ablateAll")?.input).toEqual({ type: "checkbox" });
  });

  it("explains each value of the new choices, and the activation criteria as measured on training images", () => {
    const finalTrain = fieldOf("finalTrain")?.input;
    expect(finalTrain?.type === "select" && finalTrain.options).toEqual(["rewind", "finetune", "none"]);
    expect(finalTrain?.type === "select" && finalTrain.explain?.none).toMatch(/hard cut .* untrained/);
    expect(finalTrain?.type === "select" && finalTrain.explain?.rewind).toMatch(/from the rewind point θ0/);
    const init = fieldOf("init")?.input;
    expect(init?.type === "select" && init.explain?.pretrained).toMatch(/default ViT or ResNet-8 on mnist/);
    const criteria = fieldOf("criteria")?.input;
    const explain = criteria?.type === "select" ? criteria.explain : undefined;
    for (const value of ["l1", "l2", "saliency"]) expect(explain?.[value]).toMatch(/training images/);
    expect(fieldOf("criteriaBatches")?.hint).toMatch(/training images/);
    expect(fieldOf("finalEpochs")?.hint).toMatch(/as many as epochs/);
  });
});
