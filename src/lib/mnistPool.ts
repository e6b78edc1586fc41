// The embedded MNIST for the page, where the attention maps draw their digit underneath: the
// same public/data/mnist.bin the worker trains on (after a run the browser's cache holds it),
// fetched once and parsed. A failed fetch is forgotten, so the next call tries again.
import { type MnistPool, parseMnistBin } from "../core/data/mnist";

let loading: Promise<MnistPool | null> | null = null;

/** The parsed pool, or null when the file cannot be fetched or read. */
export function mnistPool(): Promise<MnistPool | null> {
  loading ??= fetch(`${import.meta.env.BASE_URL}data/mnist.bin`)
    .then(async (response) =>
      response.ok ? parseMnistBin(new Uint8Array(await response.arrayBuffer())) : null,
    )
    .catch(() => null)
    .then((pool) => {
      if (pool === null) loading = null;
      return pool;
    });
  return loading;
}
