// The training curve of a run as CSV, for spreadsheets and plotting scripts: one row per
// (iteration, epoch), with the iteration's pruning outcome repeated on each of its rows.
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
  "testAccUnstructured",
  "testAccStructured",
] as const;

/** A header row, then comma-separated numbers as JavaScript prints them; every line ends in "\n". */
export function epochTableCsv(log: RunLog): string {
  const rows = log.iterations.flatMap((iteration) =>
    iteration.epochs.map((epoch) => [
      iteration.index,
      epoch.epoch,
      epoch.trainLoss,
      epoch.trainAcc,
      epoch.testAcc,
      epoch.lambda,
      iteration.sparsity.overall,
      iteration.testAccUnstructured,
      iteration.testAccStructured,
    ]),
  );
  const table = Papa.unparse({ fields: [...EPOCH_TABLE_COLUMNS], data: rows }, { newline: "\n" });
  // unparse ends the header with "\n" when there are no rows, and the last row without one.
  return table.endsWith("\n") ? table : `${table}\n`;
}
