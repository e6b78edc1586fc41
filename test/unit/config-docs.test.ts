import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DOC_PATH, renderConfigTable, withConfigTable } from "../../scripts/config-table";

describe("docs/configuration.md's table of keys", () => {
  it("is the table scripts/config-table.ts renders from src/core/configKeys.ts", () => {
    const doc = readFileSync(DOC_PATH, "utf8");
    expect(withConfigTable(doc, renderConfigTable())).toBe(doc);
  });

  it("has a row per key, each arch's model keys included, and the defaults as resolveConfig gives them", () => {
    const rows = renderConfigTable().split("\n").slice(2);
    expect(rows).toHaveLength(33 + 7);
    expect(rows).toContain(
      "| `model.width` | ResNet: 16 | Channels of the first stage; the second and third have twice and four times as many. | no flag: the reference's architectures have fixed shapes |",
    );
    expect(rows.find((row) => row.startsWith("| `finalEpochs` |"))).toMatch(
      /^\| `finalEpochs` \| `epochs` \|/,
    );
    expect(rows.find((row) => row.startsWith("| `rstSchedule` |"))).toContain("`x^2`");
    expect(rows.find((row) => row.startsWith("| `weightDecay` |"))).toContain(
      "`--weight_decay`: the reference decays every parameter",
    );
  });
});
