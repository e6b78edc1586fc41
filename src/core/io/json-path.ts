// JSON paths for error messages, in the form a reader would type them in JavaScript:
// iterations[2].sparsity.layers["blocks.0.attn.qkv.weight"].

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function formatJsonPath(segments: readonly PropertyKey[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (typeof segment === "string" && IDENTIFIER.test(segment)) path += path ? `.${segment}` : segment;
    else path += `[${JSON.stringify(String(segment))}]`;
  }
  return path;
}

/** A short description of a JSON value for "…, got X" messages. */
export function describeJsonValue(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}
