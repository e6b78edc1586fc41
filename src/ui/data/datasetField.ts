// The form's dataset choice: the built-in datasets, then those loaded from files.
import type { FieldSpec } from "../configFields";

/**
 * `spec` (the dataset field) with the loaded datasets added to its choices, and the draft's
 * current value too when it is neither, so the select shows it beside the validator's message.
 */
export function withDatasetChoices(
  spec: FieldSpec,
  loadedNames: readonly string[],
  current: unknown,
): FieldSpec {
  if (spec.input.type !== "select") return spec;
  const options = [...spec.input.options];
  for (const name of [...loadedNames, current]) {
    if (typeof name === "string" && name !== "" && !options.includes(name)) options.push(name);
  }
  return { ...spec, input: { ...spec.input, options } };
}
