// Where a forward pass exposes a group set's activation: the probe (if any) is added, the
// result is recorded (if asked) and is what flows on downstream.
import * as tf from "@tensorflow/tfjs";
import type { ForwardOptions } from "../types";

export function observeActivation<T extends tf.Tensor>(
  name: string,
  activation: T,
  options: ForwardOptions,
  collected: Record<string, tf.Tensor>,
): T {
  const probe = options.probes?.[name];
  const observed: T = probe === undefined ? activation : tf.add<T>(activation, probe);
  if (options.collect) collected[name] = observed;
  return observed;
}
