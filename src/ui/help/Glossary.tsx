// The words the lab uses, each in a sentence or two.
const TERMS: [term: string, meaning: string][] = [
  [
    "Sparsity",
    "The share of the prunable weights that are zero. 60% sparsity: six weights in ten are pruned.",
  ],
  [
    "Mask",
    "A 0/1 array beside each prunable weight matrix: 0 marks a pruned weight, held at zero while the network trains.",
  ],
  [
    "Criterion",
    "The score that ranks heads, neurons or channels by importance, e.g. l1: the sum of the absolute values of their weights.",
  ],
  [
    "Refill",
    "After the smallest weights are pruned, the groups are ranked by the criterion; the most important are kept whole (refilled) and the rest are cut, so the mask has structure.",
  ],
  [
    "Rewind",
    "Resetting the surviving weights to the starting point (the initialization, the pretrained model, or an early epoch) before the next iteration trains under the new mask.",
  ],
  [
    "λ (lambda)",
    "RSST's regularization strength: how hard training pulls the weights the structure will drop toward zero. It rises over each iteration.",
  ],
  [
    "Ticket",
    "The pruned network the run ends with: the final mask and its weights, trained again as the final-training setting says. Its accuracy is the run's result.",
  ],
];

export function Glossary() {
  return (
    <details className="glossary" data-testid="glossary">
      <summary>Glossary: sparsity, mask, criterion, refill, rewind, λ, ticket</summary>
      <dl>
        {TERMS.map(([term, meaning]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
