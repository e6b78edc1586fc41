// The checks that tie a config to its dataset: MNIST's fixed training and held-out halves, and
// the pretrained models, which exist only for the default shapes on the embedded MNIST.
import { describe, expect, it } from "vitest";
import { DEFAULT_RESNET_MODEL, resolveConfig } from "../../src/core/config";

function messages(input: Record<string, unknown>): string[] {
  const result = resolveConfig(input);
  return result.ok ? [] : result.errors.map((error) => error.message);
}

describe("MNIST's halves", () => {
  it("takes up to 8000 training and 2000 test digits, and names the half that is too small", () => {
    expect(messages({ dataset: "mnist", trainSize: 8000, testSize: 2000 })).toEqual([]);
    expect(messages({ dataset: "mnist", trainSize: 8001, testSize: 1000 })).toEqual([
      "trainSize: must be at most 8000 on mnist (its training half), got 8001",
    ]);
    expect(messages({ dataset: "mnist", trainSize: 1000, testSize: 2001 })).toEqual([
      "testSize: must be at most 2000 on mnist (its held-out half), got 2001",
    ]);
  });

  it("past the pool of 10000, says only that the two sizes are too many together", () => {
    expect(messages({ dataset: "mnist", trainSize: 9000, testSize: 1001 })).toEqual([
      "trainSize: trainSize + testSize must be at most the 10000 images of mnist, got 9000 + 1001",
    ]);
  });
});

describe("pretrained weights", () => {
  it("need the embedded MNIST", () => {
    expect(messages({ init: "pretrained", dataset: "synthetic" })).toContain(
      'init: "pretrained" needs dataset "mnist" (the pretrained models learnt the embedded MNIST), got "synthetic"',
    );
  });

  it("need the default model of the arch, named with the one given", () => {
    expect(messages({ init: "pretrained", dataset: "mnist", trainSize: 512, testSize: 128 })).toEqual([]);
    const [message] = messages({
      init: "pretrained",
      dataset: "mnist",
      arch: "resnet",
      model: { ...DEFAULT_RESNET_MODEL, width: 4 },
    });
    expect(message).toBe(
      `init: "pretrained" needs the default resnet model ${JSON.stringify(DEFAULT_RESNET_MODEL)}, got ${JSON.stringify({ ...DEFAULT_RESNET_MODEL, width: 4 })}`,
    );
  });
});
