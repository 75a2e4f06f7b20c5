/** `value` rounded to `digits` decimals, as personas store their numbers. */
export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
