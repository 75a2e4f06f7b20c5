import { checkId } from './checkId';
import { eventFingerprint, type FingerprintFields } from './eventFingerprint';
import { type FieldReader, parseNumber, RowError, readField, type SourceRecord } from './fieldSource';
import type { TimestampWindow } from './limits';
import type { TimestampParser } from './parseTimestamp';

export interface CleanEvent extends FingerprintFields {
  fingerprint: string;
}

export interface EventCleaner {
  reader: FieldReader;
  parseTs: TimestampParser;
  /** shown in the error for an unparseable timestamp */
  tsFormatLabel: string;
  /** event times outside it are refused (readTimestampWindow) */
  tsWindow: TimestampWindow;
  /** incremented per target whose value is missing */
  missing: Record<string, number>;
}

/** NUL cannot be stored in a Postgres text value; in free text it is dropped (ids refuse it, see checkId). */
function withoutNul(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '') : text;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function outsideWindow(tsText: string, window: TimestampWindow): string {
  return `timestamp "${tsText}" is outside the accepted range ${day(window.minMs)} to ${day(window.maxMs)} (PORTRAIT_TS_MIN, PORTRAIT_TS_MAX_FUTURE_DAYS)`;
}

let lastTypeText = '';
let lastType = '';

/** the type as stored, lower-cased and checked, kept for the next row: most rows repeat the one before's */
function lowerCaseType(typeText: string): string {
  if (typeText !== lastTypeText) {
    lastType = checkId('type', typeText.toLowerCase());
    lastTypeText = typeText;
  }
  return lastType;
}

/**
 * One event record trimmed, typed and validated: user, type and timestamp are required, the
 * type is lower-cased, ids are at most MAX_ID_LENGTH characters without NUL, the time lies in the
 * accepted window, the value must be a number. Throws RowError with the reason otherwise.
 */
export function cleanEventFields(cleaner: EventCleaner, record: SourceRecord): FingerprintFields {
  const { reader, missing } = cleaner;
  const userText = readField(reader, 'user_id', record);
  const itemText = readField(reader, 'item_id', record);
  const typeText = readField(reader, 'type', record);
  const tsText = readField(reader, 'ts', record);
  const valueText = readField(reader, 'value', record);
  const text = readField(reader, 'text', record);
  if (userText === null) missing.user_id = (missing.user_id ?? 0) + 1;
  if (itemText === null && reader.sources.item_id) missing.item_id = (missing.item_id ?? 0) + 1;
  if (typeText === null) missing.type = (missing.type ?? 0) + 1;
  if (tsText === null) missing.ts = (missing.ts ?? 0) + 1;
  if (valueText === null && reader.sources.value) missing.value = (missing.value ?? 0) + 1;
  if (text === null && reader.sources.text) missing.text = (missing.text ?? 0) + 1;

  if (userText === null) throw new RowError('missing user_id');
  if (typeText === null) throw new RowError('missing type');
  if (tsText === null) throw new RowError('missing ts');
  const tsMs = cleaner.parseTs(tsText);
  if (tsMs === null) throw new RowError(`bad timestamp "${tsText}" (expected ${cleaner.tsFormatLabel})`);
  if (tsMs < cleaner.tsWindow.minMs || tsMs > cleaner.tsWindow.maxMs)
    throw new RowError(outsideWindow(tsText, cleaner.tsWindow));
  let value: number | null = null;
  if (valueText !== null) {
    value = parseNumber(valueText);
    if (value === null) throw new RowError(`value "${valueText}" is not a number`);
  }
  return {
    userId: checkId('user_id', userText),
    itemId: itemText === null ? null : checkId('item_id', itemText),
    type: lowerCaseType(typeText),
    tsMs,
    value,
    text: text === null ? null : withoutNul(text),
  };
}

/** cleanEventFields with the event's fingerprint (eventFingerprint) */
export function cleanEventRow(cleaner: EventCleaner, record: SourceRecord): CleanEvent {
  const event = cleanEventFields(cleaner, record);
  return { ...event, fingerprint: eventFingerprint(event) };
}
