import { hash } from 'node:crypto';

export interface FingerprintFields {
  userId: string;
  itemId: string | null;
  type: string;
  tsMs: number;
  value: number | null;
  text: string | null;
}

/**
 * The md5 of a cleaned event's canonical form (user, item, type, ts ms, value, text), as the
 * 32 hex digits Postgres reads as a uuid. Equal cleaned rows get equal fingerprints, which is
 * what makes re-imports add nothing.
 */
export function eventFingerprint(event: FingerprintFields): string {
  return hash(
    'md5',
    `${event.userId}\x1f${event.itemId ?? ''}\x1f${event.type}\x1f${event.tsMs}\x1f${event.value ?? ''}\x1f${event.text ?? ''}`,
    'hex',
  );
}

/**
 * The fingerprint of the `occurrence`-th (1-based) of several identical cleaned rows in one file
 * or request. The first keeps the plain fingerprint, so files imported before repeats were kept
 * still match; the n-th gets its own, the same on every re-import of the file.
 */
export function occurrenceFingerprint(fingerprint: string, occurrence: number): string {
  return occurrence === 1 ? fingerprint : hash('md5', `${fingerprint}\x1f${occurrence}`, 'hex');
}
