/** An attribute condition's value as a number, given as one or as text ("250", as the editor's value box sends it); else null. */
export function numericValue(value: string | number): number | null {
  if (typeof value === 'number') return value;
  const parsed = Number(value);
  return value.trim() !== '' && Number.isFinite(parsed) ? parsed : null;
}
