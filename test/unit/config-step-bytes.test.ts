// The memory estimate that refuses a step too big for a tab, term by term: each expected value is
// the formula of estimateStepBytes worked out by hand for a tiny model, so a changed term, factor
// or branch moves the number. (config-properties.test.ts checks the estimate against tf.profile.)
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, estimateStepBytes, resolveConfig } from "../../src/core/config";
import type { ExperimentConfig, ResNetShape, VitShape } from "../../src/core/types";

const vit = (model: VitShape, batchSize: number): ExperimentConfig => ({
  ...DEFAULT_CONFIG,
  arch: "vit",
  model,
  batchSize,
});
const resnet = (model: ResNetShape, batchSize: number): ExperimentConfig => ({
  ...DEFAULT_CONFIG,
  arch: "resnet",
  model,
  batchSize,
});

// A ViT of depth 2, 8 dims, 2 heads, MLP ratio 2, 4×4 patches on 8×12×3 images:
// tokens = (8/4)·(12/4) + 1 = 7, hidden = 16;
// params = 8·4·4·3 + 7·8 + 2·(4·8·8 + 2·8·16) = 384 + 56 + 1024 = 1464;
// forward per sample = 2·(11·7·8 + 3·2·7² + 4.5·7·16) = 2·(616 + 294 + 504) = 2828.
const TINY_VIT: VitShape = { depth: 2, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 };
// A ResNet-14 of width 4 on 8×12×3 images: 2 blocks per stage,
// params = 9·3·4 + 378·2·4·4 = 108 + 12096 = 12204; forward per sample = 8·12·4·(5 + 17.5·2) = 15360.
const TINY_RESNET: ResNetShape = { depth: 14, width: 4 };

describe("estimateStepBytes", () => {
  it("counts a ViT's evaluation batch of 256 when training's 3× a small batch is less", () => {
    // training 16·3·2828 = 135,744 < evaluation 256·2828 = 723,968;
    // 4 bytes · (4 copies · 1464 + 723,968) = 2,919,296.
    expect(estimateStepBytes(vit(TINY_VIT, 16), [8, 12, 3])).toBe(2_919_296);
  });

  it("counts a ViT's training step, 3× the forward pass, once the batch outgrows evaluation's", () => {
    // training 512·3·2828 = 4,343,808 > evaluation 512·2828; 4 · (5856 + 4,343,808) = 17,398,656.
    expect(estimateStepBytes(vit(TINY_VIT, 512), [8, 12, 3])).toBe(17_398_656);
  });

  it("counts a ResNet's training step at 6× its forward pass", () => {
    // training 64·6·15360 = 5,898,240 > evaluation 256·15360 = 3,932,160;
    // 4 · (4 · 12204 + 5,898,240) = 23,788,224.
    expect(estimateStepBytes(resnet(TINY_RESNET, 64), [8, 12, 3])).toBe(23_788_224);
  });

  it("counts a ResNet's evaluation batch when its training step is smaller", () => {
    // training 16·6·15360 = 1,474,560 < evaluation 3,932,160; 4 · (48,816 + 3,932,160) = 15,923,904.
    expect(estimateStepBytes(resnet(TINY_RESNET, 16), [8, 12, 3])).toBe(15_923_904);
  });
});

describe("a step too big for a tab", () => {
  it("is refused with its size in GB, the limit, and what to lower for a ResNet", () => {
    // ResNet-20 of width 64 on 28×28×1, batch 256: 3 blocks per stage,
    // params = 9·64 + 378·3·64² = 4,645,440; forward = 28·28·64·(5 + 52.5) = 2,885,120;
    // 4 · (4 · 4,645,440 + 256·6·2,885,120) = 17,800,504,320 bytes = 16.6 GB.
    const result = resolveConfig({ arch: "resnet", model: { depth: 20, width: 64 }, batchSize: 256 });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        key: "model",
        message:
          "model: one training step would hold about 16.6 GB, more than the 2.0 GB a browser tab can count on: " +
          "lower model.width or model.depth, or lower batchSize",
      },
    ]);
  });

  it("names the ViT's own knobs for a ViT", () => {
    const result = resolveConfig({ model: { patchSize: 2 } });
    const messages = result.ok ? [] : result.errors.map((error) => error.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^model: one training step would hold about \d+\.\d GB, more than the 2\.0 GB/,
    );
    expect(messages[0]).toContain(
      ": lower model.depth, model.embedDim or model.mlpRatio, raise model.patchSize, or lower batchSize",
    );
  });

  it("lets a step just under the limit through and refuses one just over it", () => {
    // ResNet-20 of width 16 on 28×28×1: params = 9·16 + 378·3·256 = 290,448; forward per sample
    // = 28·28·16·57.5 = 721,280; a batch of b holds 4 · (1,161,792 + 6b · 721,280) bytes, under
    // the 2 GiB limit up to b = 123 and over it from b = 124.
    const at = (batchSize: number) =>
      resolveConfig({ arch: "resnet", model: { depth: 20, width: 16 }, batchSize, trainSize: 1000 });
    expect(at(123).ok).toBe(true);
    expect(at(124).ok).toBe(false);
  });
});
