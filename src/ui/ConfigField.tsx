// One labelled form field, with its validation message beside it and, for choices, a short
// explanation of the chosen option.
import { type ReactNode, useId, useState } from "react";
import { parseFieldText } from "../store/configDraft";
import type { FieldSpec } from "./configFields";
import { messageBeside } from "./format";

interface ConfigFieldProps {
  spec: FieldSpec;
  value: unknown;
  error: string | undefined;
  /** A one-line explanation of what the key does. */
  hint: string | undefined;
  disabled: boolean;
  onChange: (key: string, value: unknown) => void;
}

export function ConfigField({ spec, value, error, hint, disabled, onChange }: ConfigFieldProps) {
  const id = useId();
  // The text being typed, kept while the field has focus so "0." is not rewritten to "0".
  const [typing, setTyping] = useState<string | null>(null);
  const { input, key } = spec;
  const common = {
    id,
    disabled,
    "data-testid": `field-${key}`,
    "aria-invalid": error !== undefined,
  };

  let control: ReactNode;
  if (input.type === "checkbox") {
    control = (
      <input
        {...common}
        type="checkbox"
        checked={value === true}
        onChange={(e) => onChange(key, e.target.checked)}
      />
    );
  } else if (input.type === "select") {
    control = (
      <select
        {...common}
        value={String(value)}
        onChange={(e) => {
          const choice = input.options.find((option) => String(option) === e.target.value);
          onChange(key, choice ?? e.target.value);
        }}
      >
        {input.options.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  } else {
    const kind = input.type === "number" ? "number" : "text";
    control = (
      <input
        {...common}
        type="text"
        inputMode={kind === "number" ? "decimal" : "text"}
        value={typing ?? (value === undefined ? "" : String(value))}
        onChange={(e) => {
          setTyping(e.target.value);
          onChange(key, parseFieldText(kind, e.target.value));
        }}
        onBlur={() => setTyping(null)}
      />
    );
  }

  const explanation = (input.type === "select" ? input.explain?.[String(value)] : undefined) ?? hint;
  return (
    <div
      className={`field${input.type === "checkbox" ? " field-checkbox" : ""}${error ? " field-invalid" : ""}`}
    >
      <label htmlFor={id}>{spec.label}</label>
      {control}
      {error !== undefined && (
        <p className="field-error" data-testid={`field-error-${key}`} role="alert">
          {messageBeside(key, error)}
        </p>
      )}
      {explanation && <p className="field-explanation">{explanation}</p>}
    </div>
  );
}
