// The CLI's input checks in process: typo suggestions, flags, and how a failure is reported.
import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/cli/command";
import { UsageError } from "../../src/cli/errors";
import { reportFailure } from "../../src/cli/failure";
import { checkFlags, type FlagOptions } from "../../src/cli/flags";
import { closest, didYouMean, editDistance } from "../../src/cli/suggest";

function recorder(debug = false): CommandContext & { text: () => string } {
  let written = "";
  const stream = { write: (text: string) => (written += text) };
  return { debug, stdout: stream, stderr: stream, text: () => written };
}

describe("suggestions", () => {
  it("measures edit distance", () => {
    expect(editDistance("out", "out")).toBe(0);
    expect(editDistance("ouy", "out")).toBe(1);
    expect(editDistance("rnu", "run")).toBe(2);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("offers the closest name only when it could be a typo of it", () => {
    expect(closest("ouy", ["config", "out", "preset"])).toBe("out");
    expect(closest("tiny-vit-synthetc", ["tiny-resnet-synthetic", "tiny-vit-synthetic"])).toBe(
      "tiny-vit-synthetic",
    );
    expect(closest("Preset", ["out", "preset"])).toBe("preset");
    expect(closest("huge", ["tiny-vit-synthetic", "vit-mnist-rsst"])).toBeUndefined();
    expect(closest("x", [])).toBeUndefined();
    expect(didYouMean("chekpoints", ["checkpoints"], (name) => `--${name}`)).toBe(
      " (did you mean --checkpoints?)",
    );
    expect(didYouMean("zzz", ["checkpoints"])).toBe("");
  });
});

describe("checkFlags", () => {
  const options = {
    out: { type: "string" },
    "data-file": { type: "string", multiple: true },
    verbose: { type: "boolean" },
  } satisfies FlagOptions;
  const check =
    (...args: string[]) =>
    () =>
      checkFlags(args, options);

  it("passes flags it knows", () => {
    expect(check("--out", "a.json", "--data-file", "x", "--data-file", "y", "--verbose")).not.toThrow();
    expect(check("--out=a.json")).not.toThrow();
  });

  it.each([
    [["--ouy", "a"], "unknown flag --ouy (did you mean --out?)"],
    [["--frobnicate"], "unknown flag --frobnicate; known: --out, --data-file, --verbose"],
    [["-o", "a"], "unknown flag -o (did you mean --out?)"],
    [["--out"], "--out needs a value"],
    [["--out", "a", "b"], 'unexpected argument "b" (each value follows its flag)'],
    [["--verbose=yes"], '--verbose takes no value, got "yes"'],
    [["--out", "a", "--out", "b"], "--out is given twice"],
  ])("refuses %j with one line naming it", (args, message) => {
    expect(check(...args)).toThrow(new UsageError(message));
  });

  it("refuses any argument where a command takes none", () => {
    expect(() => checkFlags(["extra"], {})).toThrow('unexpected argument "extra" (this command takes none)');
  });
});

describe("reportFailure", () => {
  it("reports bad input as one line, exit 2", () => {
    const context = recorder();
    expect(reportFailure(new UsageError("--out: cannot write /x"), context)).toBe(2);
    expect(context.text()).toBe("pruning-lab: --out: cannot write /x\n");
  });

  it("calls anything else an internal error, exit 1, with its stack only under --debug", () => {
    const quiet = recorder();
    expect(reportFailure(new TypeError("x is undefined"), quiet)).toBe(1);
    expect(quiet.text()).toContain("pruning-lab: internal error: x is undefined\n");
    expect(quiet.text()).toContain("--debug");
    expect(quiet.text()).not.toMatch(/\n\s+at /);

    const debug = recorder(true);
    expect(reportFailure(new TypeError("x is undefined"), debug)).toBe(1);
    expect(debug.text()).toMatch(/internal error: x is undefined\nTypeError: x is undefined\n\s+at /);
  });
});
