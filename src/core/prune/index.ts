// The pruning algorithms of DESIGN.md §2 as plain functions over named weights and masks.
export { type EvaluationBatch, measureImportance } from "./criteria";
export { magnitudePrune, maskSparsity, pruneCount } from "./magnitude";
export {
  keptGroupCount,
  type RefillOptions,
  type RefillResult,
  refill,
  structuredCut,
  topGroups,
} from "./refill";
export { addRsstPull, addRsstTerm, rsstPullMask } from "./rsst";
export { meanCrossEntropy } from "./saliency";
export { rsstLambda } from "./schedule";
