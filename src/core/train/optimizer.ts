// SGD with momentum (the reference pipeline's optimizer, PyTorch semantics) and AdamW
// (decoupled weight decay, what ViTs usually need), as plain updates over named variables.
//
// Both update all parameters as one flat vector. Why: per parameter, an update is about ten
// tiny kernels, ~700 per step for the reference ViT, each paying a kernel launch (a GPU
// dispatch on WebGPU/WebGL, bookkeeping on WASM) for a few thousand entries. On WASM the whole
// update is one kernel (updateKernel.ts); elsewhere the gradients and weights are concatenated,
// updated by a dozen elementwise ops, and split back.
import * as tf from "@tensorflow/tfjs";
import { backendHas, runHeapKernel } from "../models/fused/heapKernel";
import type { OptimizerName } from "../types";
import { ADAMW_KERNEL, SGD_KERNEL, updateInputs } from "./updateKernel";

export interface OptimizerSettings {
  name: OptimizerName;
  momentum: number;
  weightDecay: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface Optimizer {
  readonly name: OptimizerName;
  /**
   * Applies one update with learning rate `lr`; `grads` holds one gradient for every
   * parameter, by name. Does not dispose `grads`.
   */
  apply(grads: Record<string, tf.Tensor>, lr: number): void;
  /** Forgets momentum / moment estimates (a new iteration starts from scratch). */
  reset(): void;
  dispose(): void;
}

/**
 * Weight decay applies to matrices and conv kernels only, not to biases, norms, or the
 * class token and position embedding (as timm does for ViTs).
 */
export function decays(name: string, variable: tf.Variable): boolean {
  return variable.rank >= 2 && name !== "cls_token" && name !== "pos_embed";
}

export function createOptimizer(params: Record<string, tf.Variable>, settings: OptimizerSettings): Optimizer {
  const layout = new FlatLayout(params);
  return settings.name === "sgd" ? sgd(layout, settings) : adamw(layout, settings);
}

/** The parameters in a fixed order, and the moves between them and one flat vector. */
class FlatLayout {
  readonly names: string[];
  readonly sizes: number[];
  readonly total: number;
  /** 1 on the entries of parameters that decay, 0 elsewhere; created on first use. */
  private decayMask: tf.Tensor1D | null = null;

  constructor(readonly params: Record<string, tf.Variable>) {
    this.names = Object.keys(params);
    this.sizes = this.names.map((name) => params[name]!.size);
    this.total = this.sizes.reduce((sum, size) => sum + size, 0);
  }

  /** The gradients in layout order; every parameter needs one, and nothing else has one. */
  gradients(grads: Record<string, tf.Tensor>): tf.Tensor[] {
    for (const name of Object.keys(grads)) {
      if (!(name in this.params))
        throw new Error(`optimizer: a gradient for "${name}", which is not a parameter`);
    }
    return this.names.map((name) => {
      const g = grads[name];
      if (g === undefined) throw new Error(`optimizer: no gradient for parameter "${name}"`);
      return g;
    });
  }

  weights(): tf.Variable[] {
    return this.names.map((name) => this.params[name]!);
  }

  /** Whether each parameter decays, in layout order. */
  decayFlags(): boolean[] {
    return this.names.map((name) => decays(name, this.params[name]!));
  }

  /** The tensors in layout order as one vector (vectors need no reshape). Caller owns. */
  flatten(tensors: tf.Tensor[]): tf.Tensor1D {
    return tf.concat(tensors.map((t) => (t.rank === 1 ? (t as tf.Tensor1D) : tf.reshape(t, [-1]))));
  }

  /** Assigns each parameter its piece of `flat`. */
  assignWeights(flat: tf.Tensor1D): void {
    this.assignEach(tf.split(flat, this.sizes));
  }

  /** Assigns each parameter its tensor, reshaped to it where needed. */
  assignEach(pieces: tf.Tensor[]): void {
    this.names.forEach((name, i) => {
      const variable = this.params[name]!;
      const piece = pieces[i]!;
      variable.assign(piece.rank === variable.rank ? piece : tf.reshape(piece, variable.shape));
    });
  }

  decaying(): tf.Tensor1D {
    if (this.decayMask === null) {
      const values = new Float32Array(this.total);
      let offset = 0;
      this.names.forEach((name, i) => {
        if (decays(name, this.params[name]!)) values.fill(1, offset, offset + this.sizes[i]!);
        offset += this.sizes[i]!;
      });
      // Kept: first asked for inside an update's tidy, it lives as long as the optimizer.
      this.decayMask = tf.keep(tf.tensor1d(values));
    }
    return this.decayMask;
  }

  dispose(): void {
    this.decayMask?.dispose();
    this.decayMask = null;
  }
}

/** A flat state vector, zero until first assigned. (tf.variable copies: the zeros are tidied away.) */
function flatState(layout: FlatLayout): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros([layout.total]), false));
}

function sgd(layout: FlatLayout, settings: OptimizerSettings): Optimizer {
  // Zero until the first step, whose update μ·0 + d is d, as PyTorch's first step.
  let velocity: tf.Variable | null = null;
  return {
    name: "sgd",
    apply(grads, lr) {
      const gradients = layout.gradients(grads);
      if (velocity === null) velocity = flatState(layout);
      const v = velocity;
      tf.tidy(() => {
        if (backendHas(SGD_KERNEL)) {
          const { momentum, weightDecay } = settings;
          const attrs = { momentum, lr, weightDecay, decaying: layout.decayFlags() };
          const [vNew, ...weights] = runHeapKernel(
            SGD_KERNEL,
            updateInputs({ v }, layout.weights(), gradients),
            attrs,
          );
          v.assign(vNew!);
          layout.assignEach(weights);
          return;
        }
        const w = layout.flatten(layout.weights());
        // PyTorch SGD: d = g + wd·w (matrices only); v = μ·v + d; w -= lr·v
        const d = tf.add(
          layout.flatten(gradients),
          tf.mul(tf.mul(w, layout.decaying()), settings.weightDecay),
        );
        v.assign(tf.add(tf.mul(v, settings.momentum), d));
        layout.assignWeights(tf.sub(w, tf.mul(v, lr)));
      });
    },
    reset() {
      velocity?.dispose();
      velocity = null;
    },
    dispose() {
      this.reset();
      layout.dispose();
    },
  };
}

function adamw(layout: FlatLayout, settings: OptimizerSettings): Optimizer {
  const beta1 = settings.beta1 ?? 0.9;
  const beta2 = settings.beta2 ?? 0.999;
  const epsilon = settings.epsilon ?? 1e-8;
  let moments: { m: tf.Variable; v: tf.Variable } | null = null;
  let t = 0;
  return {
    name: "adamw",
    apply(grads, lr) {
      const gradients = layout.gradients(grads);
      t += 1;
      // Bias corrections folded into the step size and epsilon, as PyTorch's AdamW does.
      const stepSize = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      const eps = epsilon * Math.sqrt(1 - beta2 ** t);
      if (moments === null) moments = { m: flatState(layout), v: flatState(layout) };
      const { m, v } = moments;
      tf.tidy(() => {
        if (backendHas(ADAMW_KERNEL)) {
          const decay = lr * settings.weightDecay;
          const attrs = { beta1, beta2, stepSize, eps, decay, decaying: layout.decayFlags() };
          const [mNew, vNew, ...weights] = runHeapKernel(
            ADAMW_KERNEL,
            updateInputs({ m, v }, layout.weights(), gradients),
            attrs,
          );
          m.assign(mNew!);
          v.assign(vNew!);
          layout.assignEach(weights);
          return;
        }
        const g = layout.flatten(gradients);
        const w = layout.flatten(layout.weights());
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const step = tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(v), eps));
        // Decoupled decay w·(1 − lr·wd) on the decaying entries, as w − lr·wd·(w ⊙ mask).
        const decay = tf.mul(tf.mul(w, layout.decaying()), lr * settings.weightDecay);
        layout.assignWeights(tf.sub(tf.sub(w, decay), step));
      });
    },
    reset() {
      if (moments !== null) tf.dispose([moments.m, moments.v]);
      moments = null;
      t = 0;
    },
    dispose() {
      this.reset();
      layout.dispose();
    },
  };
}
