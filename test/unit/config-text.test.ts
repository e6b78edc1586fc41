import { describe, expect, it } from "vitest";
import { codecOf, configValueFromText, valueFromText } from "../../src/core/configText";
import { decodeShareDraft } from "../../src/lib/shareLink";
import { parseFieldText } from "../../src/store/configDraft";

describe("the config's one text codec", () => {
  it("reads numbers and booleans, and keeps text that is neither as it was typed", () => {
    expect(valueFromText("number", " 0.5 ")).toBe(0.5);
    expect(valueFromText("number", "1e-3")).toBe(0.001);
    expect(valueFromText("number", "")).toBe("");
    expect(valueFromText("number", "Infinity")).toBe("Infinity");
    expect(valueFromText("number", "many")).toBe("many");
    expect(valueFromText("boolean", " false ")).toBe(false);
    expect(valueFromText("boolean", "yes")).toBe("yes");
    expect(valueFromText("text", " 6,9")).toBe(" 6,9");
  });

  it("reads a dotted key as the table's type for it, either arch's model keys included", () => {
    expect(configValueFromText("rate", "0.2")).toBe(0.2);
    expect(configValueFromText("augment", "false")).toBe(false);
    expect(configValueFromText("struct", "imp")).toBe("imp");
    expect(configValueFromText("decreasingLr", "6,9")).toBe("6,9");
    expect(configValueFromText("model.width", "8")).toBe(8);
    expect(configValueFromText("model.embedDim", "32")).toBe(32);
    expect(configValueFromText("colour", "3")).toBe("3");
    expect(configValueFromText("model.colour", "3")).toBe("3");
  });

  it("is what the form, the store and the share link read with", () => {
    expect(parseFieldText(codecOf(3), "4")).toBe(4);
    expect(parseFieldText(codecOf(true), "false")).toBe(false);
    expect(decodeShareDraft("#arch=resnet&model.width=8&ablateAll=true&finalTrain=none")).toMatchObject({
      arch: "resnet",
      model: { depth: 8, width: 8 },
      ablateAll: true,
      finalTrain: "none",
    });
  });
});
