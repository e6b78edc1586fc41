/** A whole number with thousands separators ("30,730,001"), independent of the host's locale. */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
