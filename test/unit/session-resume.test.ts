// The run's session and its resume point: which groups refill acts on, the random stream,
// initial weights checked by name and shape, and a resume point that puts a fresh session
// exactly where the captured one stood.
import * as tf from "@tensorflow/tfjs";
import { afterEach, describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/core/config";
import { prepareDataset } from "../../src/core/data/prepare";
import { applyResumePoint, captureResumePoint } from "../../src/core/resume";
import {
  createSession,
  disposeSession,
  refillTargets,
  type Session,
  sessionRng,
  summarizeModel,
} from "../../src/core/session";
import type { ExperimentConfig, RunLog } from "../../src/core/types";

await tf.setBackend("cpu");

function config(fields: Record<string, unknown> = {}): ExperimentConfig {
  const resolved = resolveConfig({
    arch: "vit",
    model: { depth: 2, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 },
    dataset: "synthetic",
    trainSize: 16,
    testSize: 8,
    batchSize: 8,
    epochs: 1,
    pruningTimes: 2,
    seed: 11,
    ...fields,
  });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
  return resolved.config;
}

const sessions: Session[] = [];
function session(cfg: ExperimentConfig, weights?: Record<string, tf.Tensor>): Session {
  const made = createSession(cfg, prepareDataset(cfg, {}), weights);
  sessions.push(made);
  return made;
}
afterEach(() => {
  for (const made of sessions.splice(0)) disposeSession(made);
});

const values = (t: tf.Tensor | undefined) => Array.from(t?.dataSync() ?? []);

describe("refillTargets", () => {
  it("is every head set, every neuron set or both for a ViT, by vitPruneTarget", () => {
    const model = session(config()).model;
    const names = (target: string) =>
      refillTargets(config({ struct: "refill", vitPruneTarget: target }), model).map((set) => set.name);
    expect(names("head")).toEqual(["blocks.0.attn", "blocks.1.attn"]);
    expect(names("mlp")).toEqual(["blocks.0.mlp", "blocks.1.mlp"]);
    expect(names("both").sort()).toEqual(["blocks.0.attn", "blocks.0.mlp", "blocks.1.attn", "blocks.1.mlp"]);
  });

  it("is nothing for IMP, and every channel set for a ResNet", () => {
    const vit = session(config()).model;
    expect(refillTargets(config({ struct: "imp" }), vit)).toEqual([]);
    const resnetConfig = config({ arch: "resnet", model: { depth: 8, width: 4 }, struct: "rsst" });
    const resnet = session(resnetConfig).model;
    const targets = refillTargets(resnetConfig, resnet);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.every((set) => set.kind === "channel")).toBe(true);
    expect(targets.length).toBe(resnet.groupSets.filter((set) => set.kind === "channel").length);
  });
});

describe("sessionRng", () => {
  it("is seeded by the config's seed, and continues a stream from its state", () => {
    const a = sessionRng(config({ seed: 1 }));
    const b = sessionRng(config({ seed: 2 }));
    expect(a.next()).not.toBe(b.next());
    const first = sessionRng(config({ seed: 1 }));
    first.next();
    const continued = sessionRng(config({ seed: 1 }), first.state());
    expect(continued.next()).toBe(first.next());
  });
});

describe("createSession", () => {
  it("keeps θ0 at once when the rewind epoch is 0, not before it is reached otherwise", () => {
    expect(session(config({ rewindEpoch: 0 })).rewindPoint).not.toBeNull();
    expect(session(config({ rewindEpoch: 1, epochs: 2 })).rewindPoint).toBeNull();
  });

  it("starts with all-ones masks, no R, nothing owned and the step counter at 0", () => {
    const made = session(config());
    expect(Object.keys(made.masks).sort()).toEqual([...made.model.prunable].sort());
    expect(Object.values(made.masks).every((m) => values(m).every((v) => v === 1))).toBe(true);
    expect(made.structureMask).toBeNull();
    expect(made.owned).toEqual({});
    // 16 training images in batches of 8: 2 steps an epoch.
    expect(made.stepsPerEpoch).toBe(2);
    expect(made.counter.globalStep).toBe(0);
  });

  it("starts from given weights, refusing a missing tensor or another shape by name", () => {
    const cfg = config();
    const source = session(cfg).model;
    const weights = Object.fromEntries(
      Object.entries(source.params).map(([name, p]) => [name, tf.fill(p.shape, 0.25)]),
    );
    try {
      const loaded = session(cfg, weights).model;
      expect(values(loaded.params["head.weight"]).every((v) => v === 0.25)).toBe(true);
      const { pos_embed: _, ...withoutPos } = weights;
      expect(() => createSession(cfg, prepareDataset(cfg, {}), withoutPos)).toThrow(
        'the initial weights have no "pos_embed"',
      );
      const shape = weights["head.weight"]!.shape;
      const wrong = { ...weights, "head.weight": tf.zeros([shape[0]! + 1, shape[1]!]) };
      expect(() => createSession(cfg, prepareDataset(cfg, {}), wrong)).toThrow(
        `the initial weights' "head.weight" is [${shape[0]! + 1}, ${shape[1]}], the model's is [${shape.join(", ")}]`,
      );
      wrong["head.weight"].dispose();
    } finally {
      tf.dispose(Object.values(weights));
    }
  });

  it("summarizes the model by its prunable entries and group sets", () => {
    const model = session(config()).model;
    const summary = summarizeModel(model);
    const prunable = model.prunable.reduce((sum, name) => sum + model.params[name]!.size, 0);
    expect(summary.prunableParams).toBe(prunable);
    expect(summary.arch).toBe("vit");
    expect(summary.groups).toEqual(
      model.groupSets.map((set) => ({ name: set.name, kind: set.kind, count: set.count })),
    );
  });
});

describe("a resume point", () => {
  const LOG = { iterations: [] } as unknown as RunLog;

  /** A session moved off its start: masks with zeros, an R, owned masks, a step count, a used stream. */
  function advanced(cfg: ExperimentConfig): Session {
    const made = session(cfg);
    for (const [name, mask] of Object.entries(made.masks)) {
      made.masks[name] = tf.tidy(() =>
        tf.cast(tf.greater(tf.randomUniform(mask.shape, 0, 1, "float32", 3), 0.5), "float32"),
      );
      mask.dispose();
    }
    made.structureMask = Object.fromEntries(
      Object.entries(made.masks).map(([name, m]) => [name, tf.clone(m)]),
    );
    made.owned = { "blocks.0.attn.qkv.bias": tf.tensor1d(Array.from({ length: 24 }, (_, i) => i % 2)) };
    made.counter.globalStep = 7;
    made.rng.next();
    made.rng.next();
    return made;
  }

  it("after an earlier iteration, restores masks, R, owned, θ0, the stream and the step count", async () => {
    const cfg = config();
    const from = advanced(cfg);
    const point = await captureResumePoint(from, LOG, 1);
    expect(point.nextIteration).toBe(1);
    expect(point.trained).toBeUndefined();
    expect(point.globalStep).toBe(7);

    const to = session(config({ seed: 99 }));
    const before = tf.memory().numTensors;
    applyResumePoint(to, point, sessionRng(cfg, point.rngState));
    expect(tf.memory().numTensors).toBe(
      before + Object.keys(point.owned ?? {}).length + Object.keys(point.refill ?? {}).length,
    );
    for (const name of from.model.prunable) {
      expect(values(to.masks[name])).toEqual(values(from.masks[name]));
      expect(values(to.structureMask?.[name])).toEqual(values(from.structureMask?.[name]));
    }
    expect(values(to.owned["blocks.0.attn.qkv.bias"])).toEqual(values(from.owned["blocks.0.attn.qkv.bias"]));
    // The model stands at θ0 of the captured run, not at its own initialization.
    for (const name of Object.keys(from.model.params)) {
      expect(values(to.model.params[name])).toEqual(values(from.rewindPoint?.[name]));
    }
    expect(to.counter.globalStep).toBe(7);
    expect(to.rng.next()).toBe(from.rng.next());
  });

  it("after the last iteration, also carries the weights as trained (no rewind)", async () => {
    const cfg = config();
    const from = advanced(cfg);
    from.model.params["head.weight"]!.assign(tf.fill(from.model.params["head.weight"]!.shape, 0.5));
    const point = await captureResumePoint(from, LOG, cfg.pruningTimes);
    expect(point.trained?.["head.weight"]?.data.every((v) => v === 0.5)).toBe(true);
    const to = session(cfg);
    applyResumePoint(to, point, sessionRng(cfg, point.rngState));
    expect(values(to.model.params["head.weight"]).every((v) => v === 0.5)).toBe(true);
    expect(values(to.model.params.pos_embed)).toEqual(values(from.model.params.pos_embed));
  });

  it("without R or owned masks resumes with none, and refuses a point missing a mask by name", async () => {
    const cfg = config();
    const from = session(cfg);
    const point = await captureResumePoint(from, LOG, 1);
    expect(point.refill).toBeNull();
    const to = session(cfg);
    applyResumePoint(to, { ...point, owned: undefined }, sessionRng(cfg));
    expect(to.structureMask).toBeNull();
    expect(to.owned).toEqual({});
    const [first, second] = from.model.prunable;
    const masks = { ...point.masks };
    delete masks[first!];
    delete masks[second!];
    expect(() => applyResumePoint(to, { ...point, masks }, sessionRng(cfg))).toThrow(
      `resume: the saved state has no mask for ${first}, ${second}`,
    );
  });
});
