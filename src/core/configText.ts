// The one text → value codec of config keys: the URL query, the share link, the form's fields
// and sweep axes read typed text through it. Text that does not read as the key's type is
// kept as it is, so that the validator names the key and says what it must be.
import { keySpec, type TextCodec } from "./configKeys";

/** The codec of a value already in a config: how text typed over it is read. */
export function codecOf(value: unknown): TextCodec {
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  return "text";
}

export function valueFromText(codec: TextCodec, text: string): unknown {
  const trimmed = text.trim();
  if (codec === "number") {
    const value = Number(trimmed);
    return trimmed !== "" && Number.isFinite(value) ? value : text;
  }
  if (codec === "boolean") {
    if (trimmed === "true") return true;
    if (trimmed === "false") return false;
  }
  return text;
}

/** Text for a dotted key ("model.depth") read as the table's type for it; unknown keys stay text. */
export function configValueFromText(key: string, text: string): unknown {
  return valueFromText(keySpec(key)?.text ?? "text", text);
}
