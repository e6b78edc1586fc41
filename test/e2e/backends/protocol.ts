// What the backend-agreement page computes on one backend, for test/e2e/backends-agree.spec.ts.

export interface ModelFigures {
  /** Eval-mode logits of the batch before the step, flattened. */
  logitsBefore: number[];
  /** The loss of the one training step (masked, with RSST's pull). */
  stepLoss: number;
  /** Eval-mode logits after the step, flattened. */
  logitsAfter: number[];
  /** The compacted model's logits (every other group of every set cut), flattened. */
  compactLogits: number[];
  /** The masked model's logits under the same cut, with what the cut groups own zeroed. */
  cutLogits: number[];
}

export interface AgreementOutcome {
  backend: string;
  vit: ModelFigures;
  resnet: ModelFigures;
}

export interface AgreementCheck {
  compute(backend: string): Promise<AgreementOutcome>;
}

declare global {
  interface Window {
    __agreement?: AgreementOutcome | { error: string };
  }
}
