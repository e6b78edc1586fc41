// Checks a command's flags before node:util's parseArgs reads them, so that every mistake is
// one UsageError line that names the flag (parseArgs's own errors are long and name no fix).
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./errors";
import { didYouMean } from "./suggest";

/** A command's flags, as node:util's parseArgs takes them. */
export type FlagOptions = NonNullable<ParseArgsConfig["options"]>;

/** Throws a UsageError for the first unknown, valueless, repeated or stray argument. */
export function checkFlags(args: string[], options: FlagOptions): void {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const known = Object.keys(options);
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind === "positional") {
      const why = known.length > 0 ? "each value follows its flag" : "this command takes none";
      throw new UsageError(`unexpected argument "${token.value}" (${why})`);
    }
    if (token.kind !== "option") continue;
    const option = options[token.name];
    if (!option) {
      const flag = token.rawName.startsWith("--") ? token.rawName : `-${token.name}`;
      const hint = didYouMean(token.name, known, (name) => `--${name}`);
      throw new UsageError(
        `unknown flag ${flag}${hint || `; known: ${known.map((name) => `--${name}`).join(", ")}`}`,
      );
    }
    if (option.type === "string" && token.value === undefined) {
      throw new UsageError(`--${token.name} needs a value`);
    }
    if (option.type === "boolean" && token.inlineValue) {
      throw new UsageError(`--${token.name} takes no value, got "${token.value}"`);
    }
    if (seen.has(token.name) && !option.multiple) throw new UsageError(`--${token.name} is given twice`);
    seen.add(token.name);
  }
}
