// JSON.parse for files from elsewhere: a size limit checked before parsing, and no keys that
// could reach an object's prototype when the parsed value is later merged or spread.
import { formatCount } from "./format-count";
import { formatJsonPath } from "./json-path";

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export type SafeJsonResult = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJsonSafely(text: string, maxBytes: number): SafeJsonResult {
  const size = utf8ByteLength(text);
  if (size > maxBytes) {
    return { ok: false, error: `${formatCount(size)} bytes is over the ${formatCount(maxBytes)}-byte limit` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` };
  }
  const forbidden = findForbiddenKey(value);
  if (forbidden !== null) return { ok: false, error: `${forbidden}: this key is not allowed` };
  return { ok: true, value };
}

/** The UTF-8 size of a string, counted without encoding it. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The JSON path of the first forbidden key, or null. Walks with an explicit stack, so that
 * deeply nested input cannot overflow the call stack.
 */
export function findForbiddenKey(root: unknown): string | null {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: root, path: [] }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path } = next;
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (typeof item === "object" && item !== null) stack.push({ value: item, path: [...path, index] });
      });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key)) return formatJsonPath([...path, key]);
      if (typeof child === "object" && child !== null) stack.push({ value: child, path: [...path, key] });
    }
  }
  return null;
}
