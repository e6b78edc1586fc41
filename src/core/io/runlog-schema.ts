// The run-log JSON of DESIGN.md §4 as a zod schema, and parseRunLog, which reads a run log
// written by this app or by another pipeline and says, path by path, what is wrong with it.
// docs/run-log.md documents the same format for people who write it.

import { RUN_LOG_FORMAT, RUN_LOG_VERSION } from "../runlog";
import type { ExperimentConfig, FinalRecord, IterationRecord, RunLog } from "../types";
import { z } from "../zod";
import { describeJsonValue, formatJsonPath } from "./json-path";
import { parseJsonSafely } from "./safe-json";

export const DEFAULT_RUN_LOG_MAX_BYTES = 50_000_000;
const MAX_REPORTED_ERRORS = 20;

const expected = (what: string) => ({ error: `expected ${what}` });

const FRACTION = expected("a number in [0, 1]");
const fraction = z.number(FRACTION).min(0, FRACTION).max(1, FRACTION);
const NON_NEGATIVE = expected("a number ≥ 0");
const nonNegative = z.number(NON_NEGATIVE).min(0, NON_NEGATIVE);
const WHOLE = expected("a whole number ≥ 0");
const wholeNumber = z.int(WHOLE).min(0, WHOLE);
const POSITIVE_WHOLE = expected("a whole number ≥ 1");
const positiveWhole = z.int(POSITIVE_WHOLE).min(1, POSITIVE_WHOLE);
const anyNumber = z.number(expected("a number"));
const text = z.string(expected("a string"));
const flag = z.boolean(expected("true or false"));
const primitive = z.union([z.string(), z.number(), z.boolean()], expected("a string, number or boolean"));
const list = <Item extends z.ZodType>(item: Item) => z.array(item, expected("a list"));
const groupKind = z.enum(["head", "neuron", "channel"], expected('"head", "neuron" or "channel"'));
const arch = z.enum(["vit", "resnet"], expected('"vit" or "resnet"'));

/**
 * Structure only: the keys that tell runs apart, plain values elsewhere. The config validator
 * (src/core/config.ts) owns the allowed values; run a config through it before running it.
 */
const configSchema = z
  .object(
    {
      arch,
      struct: z.enum(["imp", "refill", "rsst"], expected('"imp", "refill" or "rsst"')),
      dataset: text,
      model: z.record(z.string(), anyNumber, expected("an object of numbers")),
    },
    expected("an object"),
  )
  .catchall(primitive);

const envSchema = z.object({ backend: text, startedAt: text }, expected("an object")).catchall(primitive);

const modelSchema = z.object(
  {
    arch,
    prunableParams: wholeNumber,
    groups: list(z.object({ name: text, kind: groupKind, count: positiveWhole }, expected("an object"))),
  },
  expected("an object"),
);

const pullSchema = z.object({ pulled: nonNegative, kept: nonNegative }, expected("an object"));

const epochSchema = z.object(
  {
    epoch: wholeNumber,
    trainLoss: nonNegative,
    trainAcc: fraction,
    testAcc: fraction,
    lambda: nonNegative,
    pull: pullSchema.optional(),
  },
  expected("an object"),
);

const groupRecordSchema = z.object(
  {
    kind: groupKind,
    importance: list(anyNumber),
    alive: list(flag),
    density: list(fraction),
    ablation: list(anyNumber.nullable()).optional(),
  },
  expected("an object"),
);

const attentionSchema = z.object(
  {
    images: list(wholeNumber),
    maps: z.record(z.string(), list(list(list(fraction))), expected("an object")),
  },
  expected("an object"),
);

const rho = z.number(expected("a number in [-1, 1]")).min(-1).max(1).nullable();

const iterationSchema = z.object(
  {
    index: wholeNumber,
    epochs: list(epochSchema),
    sparsity: z.object(
      { overall: fraction, layers: z.record(z.string(), fraction, expected("an object")) },
      expected("an object"),
    ),
    // Absent in logs written before it existed; derived on reading (see upgradeRunLog).
    trainedSparsity: fraction.optional(),
    structuredSparsity: fraction,
    testAccUnstructured: fraction,
    testAccStructured: fraction,
    groups: z.record(z.string(), groupRecordSchema, expected("an object")),
    criterionAgreement: z.partialRecord(groupKind, rho).optional(),
    attention: attentionSchema.optional(),
    refilled: wholeNumber.optional(),
    durationMs: nonNegative,
  },
  expected("an object"),
);

const finalSchema = z
  .object(
    {
      testAcc: fraction,
      sparsity: fraction,
      // Absent in logs written before the final ticket was trained: their testAcc was the cut's.
      testAccCut: fraction.optional(),
      finalTrain: z
        .enum(["rewind", "finetune", "none"], expected('"rewind", "finetune" or "none"'))
        .optional(),
      epochs: list(epochSchema).optional(),
      aliveGroups: z.partialRecord(groupKind, wholeNumber),
    },
    expected("an object or null"),
  )
  .nullable();

export const runLogSchema = z.object(
  {
    format: z.literal(RUN_LOG_FORMAT, expected(JSON.stringify(RUN_LOG_FORMAT))),
    version: z.literal(RUN_LOG_VERSION, expected(String(RUN_LOG_VERSION))),
    config: configSchema,
    env: envSchema,
    model: modelSchema,
    iterations: list(iterationSchema),
    final: finalSchema,
  },
  expected("an object"),
);

type ParsedRunLog = z.infer<typeof runLogSchema>;

/** A run log as stored, of this or an earlier build: the fields added since are optional. */
type StoredIteration = Omit<IterationRecord, "trainedSparsity"> & { trainedSparsity?: number };
type StoredFinal = Omit<FinalRecord, "testAccCut" | "finalTrain" | "epochs"> &
  Partial<Pick<FinalRecord, "testAccCut" | "finalTrain" | "epochs">>;
type StoredRunLog = Omit<RunLog, "iterations" | "final"> & {
  iterations: StoredIteration[];
  final: StoredFinal | null;
};
// Compile-time check that the schema and types.ts describe the same log (config aside): the
// line stops compiling when one side changes without the other.
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<Claim extends true> = Claim;
export type RunLogSchemaMatchesTypes = Holds<
  MutuallyAssignable<Omit<ParsedRunLog, "config">, Omit<StoredRunLog, "config">>
>;

/**
 * Fills in what logs of earlier builds lack. Their iteration k trained under the mask iteration
 * k − 1 logged as `sparsity` (all ones at k = 0); their `final` was the untrained hard cut.
 */
function upgradeRunLog(log: Omit<StoredRunLog, "config">): Omit<RunLog, "config"> {
  const iterations = log.iterations.map((iteration, i) => ({
    ...iteration,
    trainedSparsity: iteration.trainedSparsity ?? (i === 0 ? 0 : log.iterations[i - 1]!.sparsity.overall),
  }));
  const final = log.final && {
    ...log.final,
    testAccCut: log.final.testAccCut ?? log.final.testAcc,
    finalTrain: log.final.finalTrain ?? "none",
    epochs: log.final.epochs ?? [],
  };
  return { ...log, iterations, final };
}

export type ParseRunLogResult = { ok: true; log: RunLog } | { ok: false; errors: string[] };

/**
 * Reads a run log. Checks the size before parsing, refuses prototype keys, validates every
 * field, and checks that each iteration's per-group lists have the group's `count` entries.
 * `log.config` is checked for structure only (see configSchema).
 */
export function parseRunLog(text: string, options: { maxBytes?: number } = {}): ParseRunLogResult {
  const json = parseJsonSafely(text, options.maxBytes ?? DEFAULT_RUN_LOG_MAX_BYTES);
  if (!json.ok) return { ok: false, errors: [`run log: ${json.error}`] };

  const identityError = checkIdentity(json.value);
  if (identityError !== null) return { ok: false, errors: [identityError] };

  const parsed = runLogSchema.safeParse(json.value, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: capped(parsed.error.issues.map(describeIssue)) };

  const consistencyErrors = checkGroupConsistency(parsed.data);
  if (consistencyErrors.length > 0) return { ok: false, errors: capped(consistencyErrors) };

  return {
    ok: true,
    log: { ...upgradeRunLog(parsed.data), config: structurallyCheckedConfig(parsed.data.config) },
  };
}

/** The values are the config validator's to check; what reaches here has the config's structure. */
function structurallyCheckedConfig(config: ParsedRunLog["config"]): ExperimentConfig {
  return config as unknown as ExperimentConfig;
}

/** One clear message, instead of dozens, for input that is not a run log of this version. */
function checkIdentity(value: unknown): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return `run log: expected a JSON object, got ${describeJsonValue(value)}`;
  }
  const { format, version } = value as Record<string, unknown>;
  if (format !== RUN_LOG_FORMAT) {
    return `format: expected "${RUN_LOG_FORMAT}", got ${describeJsonValue(format)} (not a Pruning Lab run log)`;
  }
  if (version !== RUN_LOG_VERSION) {
    return `version: expected ${RUN_LOG_VERSION}, got ${describeJsonValue(version)} (this build reads version ${RUN_LOG_VERSION})`;
  }
  return null;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatJsonPath(issue.path) || "run log";
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((key) => JSON.stringify(key)).join(", ");
    return `${where}: unexpected key${issue.keys.length === 1 ? "" : "s"} ${keys}`;
  }
  if (issue.input === undefined) return `${where}: missing, ${issue.message}`;
  return `${where}: ${issue.message}, got ${describeJsonValue(issue.input)}`;
}

/**
 * Each iteration's groups must be declared in model.groups with the same kind, and their
 * importance, alive and density lists must have the declared `count` entries. Iterations are
 * listed in order, `index` equal to the position.
 */
function checkGroupConsistency(log: ParsedRunLog): string[] {
  const errors: string[] = [];
  const declared = new Map<string, { kind: string; count: number }>();
  log.model.groups.forEach((group, g) => {
    if (declared.has(group.name)) {
      errors.push(`model.groups[${g}].name: ${JSON.stringify(group.name)} is declared twice`);
    }
    declared.set(group.name, group);
  });
  log.iterations.forEach((iteration, i) => {
    if (iteration.index !== i) {
      errors.push(`iterations[${i}].index: expected ${i} (its position in the list), got ${iteration.index}`);
    }
    for (const [name, record] of Object.entries(iteration.groups)) {
      const path = formatJsonPath(["iterations", i, "groups", name]);
      const group = declared.get(name);
      if (group === undefined) {
        errors.push(`${path}: not declared in model.groups`);
        continue;
      }
      if (record.kind !== group.kind) {
        errors.push(`${path}.kind: expected "${group.kind}" as in model.groups, got "${record.kind}"`);
      }
      for (const field of ["importance", "alive", "density"] as const) {
        if (record[field].length !== group.count) {
          errors.push(
            `${path}.${field}: expected ${group.count} entries (the group's count in model.groups), got ${record[field].length}`,
          );
        }
      }
      if (record.ablation !== undefined && record.ablation.length !== group.count) {
        errors.push(
          `${path}.ablation: expected ${group.count} entries (the group's count in model.groups), got ${record.ablation.length}`,
        );
      }
    }
  });
  return errors;
}

function capped(errors: string[]): string[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  const more = errors.length - MAX_REPORTED_ERRORS;
  return [...errors.slice(0, MAX_REPORTED_ERRORS), `… and ${more} more problem${more === 1 ? "" : "s"}`];
}
