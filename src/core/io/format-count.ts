/** A whole number with thousands separators ("30,730,001"), independent of the host's locale. */
export function formatCount(value: number): string {
  // BigInt spells out integers past 2^53 too (7.9e28 → "79228162514264337593543950336").
  const digits = Number.isInteger(value) ? BigInt(value).toString() : String(value);
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
