// SGD with momentum (the reference pipeline's optimizer, PyTorch semantics) and AdamW
// (decoupled weight decay, what ViTs usually need), as plain updates over named variables.
//
// Both update all parameters as one flat vector: the gradients and weights are concatenated,
// updated by a dozen elementwise ops, and split back. Why: per parameter, an update is about ten
// tiny kernels, ~700 per step for the reference ViT, each paying a kernel launch (a GPU
// dispatch on WebGPU/WebGL, bookkeeping on WASM) for a few thousand entries.
import * as tf from "@tensorflow/tfjs";
import type { OptimizerName } from "../types";

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

  /** The gradients in layout order, as one vector; every parameter needs one. Caller owns. */
  flatGradients(grads: Record<string, tf.Tensor>): tf.Tensor1D {
    for (const name of Object.keys(grads)) {
      if (!(name in this.params))
        throw new Error(`optimizer: a gradient for "${name}", which is not a parameter`);
    }
    return tf.concat(
      this.names.map((name) => {
        const g = grads[name];
        if (g === undefined) throw new Error(`optimizer: no gradient for parameter "${name}"`);
        return tf.reshape(g, [-1]);
      }),
    );
  }

  /** The weights in layout order, as one vector. Caller owns. */
  flatWeights(): tf.Tensor1D {
    return tf.concat(this.names.map((name) => tf.reshape(this.params[name]!, [-1])));
  }

  /** Assigns each parameter its piece of `flat`. */
  assignWeights(flat: tf.Tensor1D): void {
    const pieces = tf.split(flat, this.sizes);
    this.names.forEach((name, i) => {
      const variable = this.params[name]!;
      variable.assign(tf.reshape(pieces[i]!, variable.shape));
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
  let velocity: tf.Variable | null = null;
  return {
    name: "sgd",
    apply(grads, lr) {
      tf.tidy(() => {
        const w = layout.flatWeights();
        // PyTorch SGD: d = g + wd·w (matrices only); v = μ·v + d (v = d on the first step); w -= lr·v
        const d = tf.add(
          layout.flatGradients(grads),
          tf.mul(tf.mul(w, layout.decaying()), settings.weightDecay),
        );
        if (velocity === null) {
          velocity = tf.variable(d, false);
        } else {
          velocity.assign(tf.add(tf.mul(velocity, settings.momentum), d));
        }
        layout.assignWeights(tf.sub(w, tf.mul(velocity, lr)));
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
      t += 1;
      // Bias corrections folded into the step size and epsilon, as PyTorch's AdamW does.
      const stepSize = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      const eps = epsilon * Math.sqrt(1 - beta2 ** t);
      if (moments === null) moments = { m: flatState(layout), v: flatState(layout) };
      const { m, v } = moments;
      tf.tidy(() => {
        const g = layout.flatGradients(grads);
        const w = layout.flatWeights();
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
