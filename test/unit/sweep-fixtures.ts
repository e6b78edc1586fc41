// A bare run log for the sweep tests: a config, extra env entries and a final record (or none),
// no iterations.
import type { ExperimentConfig, FinalRecord, RunLog } from "../../src/core/types";

export function bareLog(
  config: ExperimentConfig,
  env: Record<string, string | number>,
  final: FinalRecord | null,
): RunLog {
  return {
    format: "pruning-lab.run",
    version: 1,
    config,
    env: { backend: "wasm", startedAt: "2026-01-01T00:00:00Z", ...env },
    model: { arch: config.arch, prunableParams: 0, groups: [] },
    iterations: [],
    final,
  };
}
