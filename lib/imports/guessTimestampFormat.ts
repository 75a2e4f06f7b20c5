import { compileTimestampFormat, parseTimestamp } from '@/lib/ingest/parseTimestamp';

/** Formats people's exports use, month-first before day-first where both read a value. */
const candidateFormats = [
  'M/D/YYYY H:MM',
  'M/D/YYYY H:MM:ss',
  'D/M/YYYY H:MM',
  'D/M/YYYY H:MM:ss',
  'M/D/YYYY h:MM A',
  'M/D/YYYY h:MM:ss A',
  'D.M.YYYY H:MM',
  'D.M.YYYY H:MM:ss',
  'YYYY/M/D H:MM:ss',
  'YYYY/M/D H:MM',
  'D-MMM-YYYY H:MM',
  'M/D/YY H:MM',
  'D/M/YY H:MM',
  'M/D/YYYY',
  'D/M/YYYY',
  'D.M.YYYY',
  'YYYY/M/D',
  'D MMM YYYY',
  'D-MMM-YYYY',
  'M/D/YY',
  'D/M/YY',
];

export interface TimestampGuess {
  /** undefined when ISO 8601 or epoch values read as they are */
  format: string | undefined;
  /** how many of the sample values the guess reads */
  read: number;
  total: number;
}

/**
 * The timestamp format that reads every sample value: none when ISO 8601 or epoch numbers do,
 * else the first candidate that does (or the one reading most of them).
 */
export function guessTimestampFormat(values: readonly string[]): TimestampGuess {
  const present = values.map((value) => value.trim()).filter((value) => value.length > 0);
  const count = (parse: (text: string) => number | null) => present.filter((value) => parse(value) !== null).length;
  const iso = count(parseTimestamp);
  if (iso === present.length) return { format: undefined, read: iso, total: present.length };
  let best: TimestampGuess = { format: undefined, read: iso, total: present.length };
  for (const format of candidateFormats) {
    const read = count(compileTimestampFormat(format));
    if (read === present.length) return { format, read, total: present.length };
    if (read > best.read) best = { format, read, total: present.length };
  }
  return best;
}
