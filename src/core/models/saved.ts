// What a hand-written gradient keeps for its backward pass. tfjs clones every tensor a
// customGrad saves (one Identity kernel each), so that the forward pass's scope may free it.
// A variable outlives the step's backward pass (the optimizer runs after it), so it is read
// where it lies instead: in an unmasked step, every weight.
import * as tf from "@tensorflow/tfjs";

/**
 * Saves the tensors of `tensors` that are not variables; the returned function gives the whole
 * list back, in order, from what the gradient function received.
 */
export function saveForBackward(
  save: tf.GradSaveFunc,
  tensors: tf.Tensor[],
): (saved: tf.Tensor[]) => tf.Tensor[] {
  const isVariable = (t: tf.Tensor) => t instanceof tf.Variable;
  save(tensors.filter((t) => !isVariable(t)));
  return (saved) => {
    let next = 0;
    return tensors.map((t) => (isVariable(t) ? t : saved[next++]!));
  };
}
