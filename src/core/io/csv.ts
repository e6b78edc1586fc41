// The training curve of a run as CSV, for spreadsheets and plotting scripts: one row per
// (iteration, epoch), with the iteration's pruning outcome repeated on each of its rows, each
// accuracy beside the sparsity it was measured at; then the final ticket's epochs, whose
// iteration is "final".
import Papa from "papaparse";
import type { RunLog } from "../types";

export const EPOCH_TABLE_COLUMNS = [
  "iteration",
  "epoch",
  "trainLoss",
  "trainAcc",
  "testAcc",
  "lambda",
  "sparsity",
  "trainedSparsity",
  "testAccUnstructured",
  "structuredSparsity",
  "testAccStructured",
] as const;

/** A header row, then comma-separated numbers as JavaScript prints them; every line ends in "\n". */
export function epochTableCsv(log: RunLog): string {
  const rows: (number | string)[][] = log.iterations.flatMap((iteration) =>
    iteration.epochs.map((epoch) => [
      iteration.index,
      epoch.epoch,
      epoch.trainLoss,
      epoch.trainAcc,
      epoch.testAcc,
      epoch.lambda,
      iteration.sparsity.overall,
      iteration.trainedSparsity,
      iteration.testAccUnstructured,
      iteration.structuredSparsity,
      iteration.testAccStructured,
    ]),
  );
  // The final ticket trains under one mask: its sparsity is the trained one; there is no cut.
  const { final } = log;
  for (const epoch of final?.epochs ?? []) {
    const { sparsity } = final!;
    rows.push([
      "final",
      epoch.epoch,
      epoch.trainLoss,
      epoch.trainAcc,
      epoch.testAcc,
      epoch.lambda,
      sparsity,
      sparsity,
      epoch.testAcc,
      "",
      "",
    ]);
  }
  const table = Papa.unparse({ fields: [...EPOCH_TABLE_COLUMNS], data: rows }, { newline: "\n" });
  // unparse ends the header with "\n" when there are no rows, and the last row without one.
  return table.endsWith("\n") ? table : `${table}\n`;
}
