// Node backends: WASM (SIMD, shipped in @tensorflow/tfjs-backend-wasm) by default, CPU as the fallback.
import * as tf from "@tensorflow/tfjs";
import { errorMessage } from "../core/errorMessage";
import "@tensorflow/tfjs-backend-wasm";

export type NodeBackend = "wasm" | "cpu";

export async function selectBackend(
  wanted: NodeBackend,
  warn: (message: string) => void,
): Promise<NodeBackend> {
  if (wanted === "wasm") {
    try {
      if (await tf.setBackend("wasm")) {
        await tf.ready();
        return "wasm";
      }
      warn("the WASM backend did not initialize; falling back to CPU");
    } catch (error) {
      warn(`the WASM backend failed (${errorMessage(error)}); falling back to CPU`);
    }
  }
  await tf.setBackend("cpu");
  await tf.ready();
  return "cpu";
}
