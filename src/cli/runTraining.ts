// A planned run, trained: the backend, the data, the experiment, the run log written as it
// goes, and the one message that says how it ended. Exit 0 done, 1 failed (log kept).
import * as tf from "@tensorflow/tfjs";
import { datasetEnv } from "../core/data/env";
import { runExperiment } from "../core/experiment";
import { foldRunLog } from "../core/runlog";
import { DivergenceError } from "../core/train/divergence";
import type { RunLog } from "../core/types";
import { selectBackend } from "./backend";
import { cliCheckpointMeta } from "./checkpointMeta";
import { CheckpointWriteError, checkpointWriter } from "./checkpoints";
import { type CommandContext, say } from "./command";
import { loadCliDataset } from "./data";
import { reportInternalError } from "./failure";
import { createLogFile, type LogFile } from "./logFile";
import { cliInitialWeights } from "./pretrainedInput";
import { createProgressReporter } from "./progress";
import type { RunPlan } from "./runPlan";

export async function runTraining(plan: RunPlan, context: CommandContext): Promise<number> {
  const { config, files } = plan;
  await selectBackend(plan.backend, (message) => say(context, message));
  const dataset = loadCliDataset(config, files);
  const initialWeights = cliInitialWeights(config, dataset);
  const logFile = createLogFile(plan.out, { warn: (message) => say(context, message) });
  const report = createProgressReporter(context.stderr);
  let log: RunLog | null = null;
  try {
    await runExperiment(config, dataset, {
      env: { runtime: `node ${process.version}`, ...datasetEnv(dataset, files?.contentHash) },
      initialWeights,
      onEvent: (event) => {
        log = foldRunLog(log, event);
        report(event);
        const ends = event.type === "iteration" || event.type === "done" || event.type === "error";
        if (log && ends) logFile.save(log);
      },
      onCheckpoint: plan.checkpoints
        ? checkpointWriter(plan.checkpoints, cliCheckpointMeta(config, dataset, files))
        : undefined,
    });
  } catch (error) {
    if (error instanceof DivergenceError || error instanceof CheckpointWriteError) {
      say(context, `the run failed: ${error.message}`);
    } else {
      reportInternalError(error, context, " during the run");
    }
    if (log) say(context, `the run log so far is in ${keptAt(log, logFile, context)}`);
    return 1;
  } finally {
    if (initialWeights) tf.dispose(Object.values(initialWeights));
  }
  const where = keptAt(log!, logFile, context);
  if (logFile.outFailure !== null) {
    say(
      context,
      `the run finished, but ${plan.out} could not be written (${logFile.outFailure}); its log is in ${where}`,
    );
    return 1;
  }
  say(context, `wrote ${where}`);
  return 0;
}

/** Where the log now is: --out, a fallback file, or stdout when no file took it. */
function keptAt(log: RunLog, logFile: LogFile, context: CommandContext): string {
  if (logFile.path !== null) return logFile.path;
  context.stdout.write(`${JSON.stringify(log, null, 2)}\n`);
  return "stdout (no file could take it)";
}
