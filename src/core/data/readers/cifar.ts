// The binary versions of CIFAR-10 and CIFAR-100: fixed-size records of label byte(s) then
// 3072 pixel bytes, stored as a 1024-byte red plane, then green, then blue, each 32×32
// row-major. CIFAR-10 has one label byte (0–9); CIFAR-100 a coarse (0–19) then a fine (0–99).
import { formatCount } from "../../io/format-count";
import type { ImageSet } from "../../types";
import { type Parsed, problem } from "./parsed";

export const CIFAR_SIDE = 32;
const PLANE = CIFAR_SIDE * CIFAR_SIDE;
const PIXELS = 3 * PLANE;

export type CifarVariant = "cifar10" | "cifar100";
export type Cifar100Label = "fine" | "coarse";

interface LabelField {
  name: string;
  offset: number;
  classes: number;
}

const LABEL_FIELDS: Record<CifarVariant, LabelField[]> = {
  cifar10: [{ name: "label", offset: 0, classes: 10 }],
  cifar100: [
    { name: "coarse label", offset: 0, classes: 20 },
    { name: "fine label", offset: 1, classes: 100 },
  ],
};

export function cifarClassCount(variant: CifarVariant, label: Cifar100Label): number {
  if (variant === "cifar10") return 10;
  return label === "fine" ? 100 : 20;
}

/** Parses a file of records into HWC images; `label` picks CIFAR-100's fine or coarse label. */
export function parseCifarRecords(
  bytes: Uint8Array,
  variant: CifarVariant,
  label: Cifar100Label,
): Parsed<ImageSet> {
  const fields = LABEL_FIELDS[variant];
  const recordBytes = fields.length + PIXELS;
  if (bytes.length === 0) return problem("the file is empty");
  if (bytes.length % recordBytes !== 0) {
    return problem(
      `${formatCount(bytes.length)} bytes is not a whole number of ${formatCount(recordBytes)}-byte records`,
    );
  }
  const count = bytes.length / recordBytes;
  // CIFAR-10's label and CIFAR-100's coarse label are byte 0; CIFAR-100's fine label is byte 1.
  const labelOffset = variant === "cifar100" && label === "fine" ? 1 : 0;
  const labels = new Uint8Array(count);
  const images = new Uint8Array(count * PIXELS);
  for (let record = 0; record < count; record++) {
    const start = record * recordBytes;
    for (const field of fields) {
      const value = bytes[start + field.offset]!;
      if (value >= field.classes) {
        return problem(
          `record ${formatCount(record)} has ${field.name} ${value}, outside 0–${field.classes - 1}`,
        );
      }
    }
    labels[record] = bytes[start + labelOffset]!;
    const planes = start + fields.length;
    const out = record * PIXELS;
    for (let p = 0; p < PLANE; p++) {
      images[out + 3 * p] = bytes[planes + p]!;
      images[out + 3 * p + 1] = bytes[planes + PLANE + p]!;
      images[out + 3 * p + 2] = bytes[planes + 2 * PLANE + p]!;
    }
  }
  return { ok: true, value: { images, labels, count } };
}
