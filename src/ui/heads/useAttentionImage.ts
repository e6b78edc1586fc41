// The pixels under the attention maps: the synthetic pool at once, the embedded MNIST once its
// file is read (the hook re-renders then); null for a loaded dataset, whose pixels the page lacks.
import { useEffect, useMemo, useState } from "react";
import type { ExperimentConfig } from "../../core/types";
import { mnistPool } from "../../lib/mnistPool";
import {
  attentionImagePixels,
  type ImagePixels,
  mnistImagePixels,
} from "../../store/views/attentionImagePixels";

export function useAttentionImage(
  config: ExperimentConfig | null,
  fileIndex: number | undefined,
): ImagePixels | null {
  const synthetic = useMemo(
    () => (fileIndex === undefined ? null : attentionImagePixels(config, fileIndex)),
    [config, fileIndex],
  );
  const [mnist, setMnist] = useState<{ fileIndex: number; image: ImagePixels | null } | null>(null);
  const wantsMnist = config?.dataset === "mnist" && fileIndex !== undefined;
  useEffect(() => {
    if (!wantsMnist) return;
    let current = true;
    void mnistPool().then((pool) => {
      if (current) setMnist({ fileIndex, image: pool ? mnistImagePixels(pool, fileIndex) : null });
    });
    return () => {
      current = false;
    };
  }, [wantsMnist, fileIndex]);
  if (synthetic) return synthetic;
  return wantsMnist && mnist?.fileIndex === fileIndex ? mnist.image : null;
}
