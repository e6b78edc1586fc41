// "auto" remembers its choice per model shape across workers (IndexedDB), until "measure again".
import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { forgetBackendChoices, rememberChoice, rememberedChoice } from "../../workers/backendChoiceStore";

const wasmWins = {
  backend: "wasm" as const,
  timings: [
    { backend: "wasm" as const, msPerStep: 120, reason: null },
    { backend: "webgpu" as const, msPerStep: null, reason: "software adapter (SwiftShader), not timed" },
  ],
};

describe("backendChoiceStore", () => {
  it("gives back the choice for its shape only, and nothing once forgotten", async () => {
    await rememberChoice('["vit",4]', wasmWins);
    expect(await rememberedChoice('["vit",4]')).toEqual(wasmWins);
    expect(await rememberedChoice('["resnet",8]')).toBeUndefined();
    await forgetBackendChoices();
    expect(await rememberedChoice('["vit",4]')).toBeUndefined();
  });
});
