// SGD with momentum (the reference pipeline's optimizer, PyTorch semantics) and AdamW
// (decoupled weight decay, what ViTs usually need), as plain updates over named variables.
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
  /** Applies one update with learning rate `lr`. Does not dispose `grads`. */
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
  return settings.name === "sgd" ? sgd(params, settings) : adamw(params, settings);
}

function known(params: Record<string, tf.Variable>, name: string): tf.Variable {
  const w = params[name];
  if (!w) throw new Error(`optimizer: a gradient for "${name}", which is not a parameter`);
  return w;
}

function sgd(params: Record<string, tf.Variable>, settings: OptimizerSettings): Optimizer {
  const velocity = new Map<string, tf.Variable>();
  const momentum = tf.scalar(settings.momentum);
  const weightDecay = tf.scalar(settings.weightDecay);
  return {
    apply(grads, lr) {
      const rate = tf.scalar(lr);
      for (const [name, g] of Object.entries(grads)) {
        const w = known(params, name);
        tf.tidy(() => {
          // PyTorch SGD: d = g + wd·w; v = μ·v + d; w -= lr·v
          const d = decays(name, w) ? g.add(w.mul(weightDecay)) : g;
          let v = velocity.get(name);
          if (!v) {
            v = tf.variable(d, false);
            velocity.set(name, v);
          } else {
            v.assign(v.mul(momentum).add(d));
          }
          w.assign(w.sub(v.mul(rate)));
        });
      }
      rate.dispose();
    },
    reset() {
      for (const v of velocity.values()) v.dispose();
      velocity.clear();
    },
    dispose() {
      this.reset();
      momentum.dispose();
      weightDecay.dispose();
    },
  };
}

function adamw(params: Record<string, tf.Variable>, settings: OptimizerSettings): Optimizer {
  const beta1 = settings.beta1 ?? 0.9;
  const beta2 = settings.beta2 ?? 0.999;
  const epsilon = settings.epsilon ?? 1e-8;
  const moments = new Map<string, { m: tf.Variable; v: tf.Variable }>();
  const b1 = tf.scalar(beta1);
  const b2 = tf.scalar(beta2);
  const oneMinusB1 = tf.scalar(1 - beta1);
  const oneMinusB2 = tf.scalar(1 - beta2);
  let t = 0;
  return {
    apply(grads, lr) {
      t += 1;
      const stepSize = tf.scalar((lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t));
      const decayFactor = tf.scalar(1 - lr * settings.weightDecay);
      const eps = tf.scalar(epsilon * Math.sqrt(1 - beta2 ** t));
      for (const [name, g] of Object.entries(grads)) {
        const w = known(params, name);
        let state = moments.get(name);
        if (!state) {
          state = { m: tf.variable(tf.zerosLike(w), false), v: tf.variable(tf.zerosLike(w), false) };
          moments.set(name, state);
        }
        const { m, v } = state;
        tf.tidy(() => {
          m.assign(m.mul(b1).add(g.mul(oneMinusB1)));
          v.assign(v.mul(b2).add(g.square().mul(oneMinusB2)));
          const decayed = decays(name, w) ? w.mul(decayFactor) : w;
          w.assign(decayed.sub(m.mul(stepSize).div(v.sqrt().add(eps))));
        });
      }
      tf.dispose([stepSize, decayFactor, eps]);
    },
    reset() {
      for (const { m, v } of moments.values()) tf.dispose([m, v]);
      moments.clear();
      t = 0;
    },
    dispose() {
      this.reset();
      tf.dispose([b1, b2, oneMinusB1, oneMinusB2]);
    },
  };
}
