import type { BinaryCopyRows } from './binaryCopyRows';
import type { FingerprintFields } from './eventFingerprint';

/**
 * An event's columns after its dataset and fingerprint, in the events table's COPY order (the
 * one-thread sink's eventColumns; the import threads write the same rows).
 */
export function writeEventFields(rows: BinaryCopyRows, event: FingerprintFields, batchId: number): void {
  rows.text(event.userId);
  rows.text(event.itemId);
  rows.text(event.type);
  rows.timestamptz(event.tsMs);
  rows.float64(event.value);
  rows.text(event.text);
  rows.int32(batchId);
}
