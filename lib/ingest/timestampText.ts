/**
 * Epoch milliseconds as a timestamptz literal Postgres reads, for COPY. Years outside 1-9999
 * (which toISOString writes as +033658 or 0000) are spelled out, BC included.
 */
export function timestampText(ms: number): string {
  const iso = new Date(ms).toISOString();
  if (iso.charCodeAt(0) !== 43 && iso.charCodeAt(0) !== 45 && !iso.startsWith('0000')) return iso;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const rest = iso.slice(iso.indexOf('-', 1) + 1, -1).replace('T', ' ');
  return year >= 1 ? `${year}-${rest}+00` : `${1 - year}-${rest}+00 BC`;
}
