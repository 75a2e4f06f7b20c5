import type { BinaryCopyRows } from './binaryCopyRows';
import type { FingerprintFields } from './eventFingerprint';
import { eventTypeKeyBytes } from './eventTypeKey';

/** the events table's columns, in its order, so a loaded table can become a partition as it is */
export const eventColumns = [
  { name: 'dataset_id', type: 'integer' },
  { name: 'fingerprint', type: 'uuid' },
  { name: 'user_id', type: 'text' },
  { name: 'item_id', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'ts', type: 'timestamptz' },
  { name: 'value', type: 'double precision' },
  { name: 'text', type: 'text' },
  { name: 'import_id', type: 'integer' },
  { name: 'type_key', type: 'bigint' },
] as const;

/**
 * An event's columns after its dataset and fingerprint, in eventColumns' order (the one-thread
 * sink and the import threads write the same rows).
 */
export function writeEventFields(rows: BinaryCopyRows, event: FingerprintFields, batchId: number): void {
  rows.text(event.userId);
  rows.text(event.itemId);
  rows.text(event.type);
  rows.timestamptz(event.tsMs);
  rows.float64(event.value);
  rows.text(event.text);
  rows.int32(batchId);
  rows.int64Bytes(eventTypeKeyBytes(event.type));
}
