import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseRunLog } from "../../src/core/io/runlog-schema";

/** The example of docs/run-log.md: blocks.0.attn has 2 heads. */
const example = (() => {
  const markdown = readFileSync(new URL("../../docs/run-log.md", import.meta.url), "utf8");
  const block = /```json\n([\s\S]*?)```/.exec(markdown);
  if (!block?.[1]) throw new Error("docs/run-log.md has no ```json example");
  return JSON.parse(block[1]) as { iterations: { groups: Record<string, Record<string, unknown>> }[] };
})();

function withAblation(ablation: (number | null)[]): string {
  const copy = structuredClone(example);
  copy.iterations[0]!.groups["blocks.0.attn"]!.ablation = ablation;
  return JSON.stringify(copy);
}

describe("run-log ablation lists", () => {
  it("accepts one entry per group, null for dead ones", () => {
    const result = parseRunLog(withAblation([0.25, null]));
    expect(result.ok && result.log.iterations[0]!.groups["blocks.0.attn"]!.ablation).toEqual([0.25, null]);
  });

  it("rejects a list whose length is not the group's count", () => {
    const result = parseRunLog(withAblation([0.25, 0.1, 0.3]));
    expect(result.ok ? [] : result.errors).toEqual([
      `iterations[0].groups["blocks.0.attn"].ablation: expected 2 entries (the group's count in model.groups), got 3`,
    ]);
  });
});
