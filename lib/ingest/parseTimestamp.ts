/** Turns one cleaned timestamp text into epoch milliseconds, or null when it cannot. */
export type TimestampParser = (text: string) => number | null;

// Epoch values below 1e11 are seconds (1e11 s is the year 5138), at or above are milliseconds
// (1e11 ms is March 1973), so both units of any real event time are told apart by magnitude.
const epochSecondsBelow = 1e11;
const maxDateMs = 8.64e15;
const epochPattern = /^[+-]?\d+(?:\.\d+)?$/;
const isoPattern =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return monthDays[month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

function fractionToMs(fraction: string | undefined): number {
  if (!fraction) return 0;
  if (fraction.length === 3) return Number(fraction);
  return Math.round(Number(`0.${fraction}`) * 1000);
}

function offsetMinutes(zone: string | undefined): number | null {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  if (minutes > 18 * 60) return null;
  return match[1] === '-' ? -minutes : minutes;
}

/** Epoch ms from calendar fields read as UTC (less the zone offset), or null when a field is out of range. */
function utcMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offset: number,
): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  // Date.UTC reads years 0-99 as 1900-1999
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime() - offset * 60_000;
}

/** the value of the `count` digits at `from`, or -1 when one is not a digit */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let at = from; at < from + count; at++) {
    const digit = text.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** digitsAt for bytes */
function byteDigitsAt(bytes: Uint8Array, from: number, count: number): number {
  let value = 0;
  for (let at = from; at < from + count; at++) {
    const digit = bytes[at] - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** the epoch ms of a canonical timestamp's fields (each -1 when it was not digits) */
function canonicalFieldsMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number | null | undefined {
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || ms < 0) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const start = dayStartMs(year, month, day);
  return start === null ? null : start + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

/**
 * `2024-03-01T12:30:05Z` and `2024-03-01T12:30:05.250Z`, the form most exports write, read
 * without a regular expression; undefined for any other text.
 */
function canonicalIsoMs(text: string): number | null | undefined {
  const length = text.length;
  if (length !== 20 && length !== 24) return undefined;
  const separator = text.charCodeAt(10);
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    (separator !== 84 && separator !== 32) ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(length - 1) !== 90 ||
    (length === 24 && text.charCodeAt(19) !== 46)
  )
    return undefined;
  return canonicalFieldsMs(
    digitsAt(text, 0, 4),
    digitsAt(text, 5, 2),
    digitsAt(text, 8, 2),
    digitsAt(text, 11, 2),
    digitsAt(text, 14, 2),
    digitsAt(text, 17, 2),
    length === 24 ? digitsAt(text, 20, 3) : 0,
  );
}

/**
 * What parseTimestamp gives the ASCII text bytes[from, to) when it is a canonical timestamp
 * (canonicalIsoMs), read from the bytes without making a string; undefined for any other text.
 */
export function canonicalIsoMsOfBytes(bytes: Uint8Array, from: number, to: number): number | null | undefined {
  const length = to - from;
  if (length !== 20 && length !== 24) return undefined;
  const separator = bytes[from + 10];
  if (
    bytes[from + 4] !== 45 ||
    bytes[from + 7] !== 45 ||
    (separator !== 84 && separator !== 32) ||
    bytes[from + 13] !== 58 ||
    bytes[from + 16] !== 58 ||
    bytes[to - 1] !== 90 ||
    (length === 24 && bytes[from + 19] !== 46)
  )
    return undefined;
  return canonicalFieldsMs(
    byteDigitsAt(bytes, from, 4),
    byteDigitsAt(bytes, from + 5, 2),
    byteDigitsAt(bytes, from + 8, 2),
    byteDigitsAt(bytes, from + 11, 2),
    byteDigitsAt(bytes, from + 14, 2),
    byteDigitsAt(bytes, from + 17, 2),
    length === 24 ? byteDigitsAt(bytes, from + 20, 3) : 0,
  );
}

let lastDay = -1;
let lastDayStart: number | null = null;

/**
 * utcMs of a day's midnight, kept for the next call: the rows of a file mostly come a day at a
 * time, and Date.UTC was a twentieth of an import's reading.
 */
function dayStartMs(year: number, month: number, day: number): number | null {
  const key = (year * 100 + month) * 100 + day;
  if (key !== lastDay) {
    lastDayStart = utcMs(year, month, day, 0, 0, 0, 0, 0);
    lastDay = key;
  }
  return lastDayStart;
}

/**
 * ISO 8601 (`2024-03-01`, `2024-03-01T12:30`, `2024-03-01 12:30:05.250+02:00`) or epoch seconds or
 * milliseconds, told apart by magnitude. A time without a zone is UTC, whatever the machine's zone.
 */
export function parseTimestamp(text: string): number | null {
  const canonical = canonicalIsoMs(text);
  if (canonical !== undefined) return canonical;
  if (epochPattern.test(text)) {
    const value = Number(text);
    const ms = Math.abs(value) < epochSecondsBelow ? value * 1000 : value;
    return Math.abs(ms) <= maxDateMs ? Math.round(ms) : null;
  }
  const match = isoPattern.exec(text);
  if (!match) return null;
  const offset = offsetMinutes(match[8]);
  if (offset === null) return null;
  return utcMs(
    Number(match[1]),
    Number(match[2]),
    Number(match[3]),
    Number(match[4] ?? 0),
    Number(match[5] ?? 0),
    Number(match[6] ?? 0),
    fractionToMs(match[7]),
    offset,
  );
}

type FieldName =
  | 'year'
  | 'year2'
  | 'month'
  | 'monthName'
  | 'day'
  | 'hour'
  | 'hour12'
  | 'minute'
  | 'second'
  | 'fraction'
  | 'meridiem'
  | 'zone';

interface FormatToken {
  pattern: string;
  field: FieldName | null;
}

const tokenPatterns: [string, FieldName, string][] = [
  ['YYYY', 'year', '(\\d{4})'],
  ['YY', 'year2', '(\\d{2})'],
  ['MMM', 'monthName', '([A-Za-z]{3})[A-Za-z]*'],
  ['MM', 'month', '(\\d{1,2})'],
  ['M', 'month', '(\\d{1,2})'],
  ['DD', 'day', '(\\d{1,2})'],
  ['D', 'day', '(\\d{1,2})'],
  ['HH', 'hour', '(\\d{1,2})'],
  ['H', 'hour', '(\\d{1,2})'],
  ['hh', 'hour12', '(\\d{1,2})'],
  ['h', 'hour12', '(\\d{1,2})'],
  ['mm', 'minute', '(\\d{1,2})'],
  ['ss', 'second', '(\\d{1,2})'],
  ['SSS', 'fraction', '(\\d{1,9})'],
  ['A', 'meridiem', '([AaPp][Mm])'],
  ['a', 'meridiem', '([AaPp][Mm])'],
  ['Z', 'zone', '(Z|z|[+-]\\d{2}(?::?\\d{2})?)'],
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function tokenize(format: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  let position = 0;
  let lastField: FieldName | null = null;
  while (position < format.length) {
    const rest = format.slice(position);
    const known = tokenPatterns.find(([token]) => rest.startsWith(token));
    if (known) {
      let [token, field, pattern] = known;
      // `M/D/YYYY H:MM`: MM right after an hour and a colon is minutes, as people write it.
      if (token === 'MM' && (lastField === 'hour' || lastField === 'hour12') && format[position - 1] === ':') {
        field = 'minute';
        pattern = '(\\d{1,2})';
      }
      tokens.push({ pattern, field });
      lastField = field;
      position += token.length;
    } else if (/\s/.test(format[position])) {
      tokens.push({ pattern: '\\s+', field: null });
      position += 1;
      while (position < format.length && /\s/.test(format[position])) position += 1;
    } else {
      tokens.push({ pattern: escapeRegExp(format[position]), field: null });
      position += 1;
    }
  }
  return tokens;
}

/**
 * A parser for a custom timestamp format such as `M/D/YYYY H:MM` or `DD.MM.YYYY HH:mm:ss`.
 * Tokens: YYYY, YY, MMM (Jan), MM/M (month; minutes right after `H:`), DD/D, HH/H (24 h),
 * hh/h with A (12 h), mm, ss, SSS (fraction), Z (offset); other characters match themselves.
 * Without Z the time is UTC.
 */
export function compileTimestampFormat(format: string): TimestampParser {
  const tokens = tokenize(format);
  const fields = tokens.filter((token) => token.field !== null).map((token) => token.field as FieldName);
  if (!fields.includes('year') && !fields.includes('year2'))
    throw new Error(`Timestamp format "${format}" has no year (YYYY)`);
  if (!fields.includes('month') && !fields.includes('monthName'))
    throw new Error(`Timestamp format "${format}" has no month (M)`);
  if (!fields.includes('day')) throw new Error(`Timestamp format "${format}" has no day (D)`);
  if (fields.includes('hour12') && !fields.includes('meridiem'))
    throw new Error(`Timestamp format "${format}" uses h without A (AM/PM)`);
  const regex = new RegExp(`^${tokens.map((token) => token.pattern).join('')}$`);
  return (text) => {
    const match = regex.exec(text);
    if (!match) return null;
    const value: Partial<Record<FieldName, string>> = {};
    fields.forEach((field, index) => {
      value[field] = match[index + 1];
    });
    const year =
      value.year !== undefined
        ? Number(value.year)
        : 2000 + Number(value.year2) - (Number(value.year2) >= 69 ? 100 : 0);
    const month =
      value.monthName !== undefined ? monthNames.indexOf(value.monthName.toLowerCase()) + 1 : Number(value.month);
    let hour = Number(value.hour ?? value.hour12 ?? 0);
    if (value.hour12 !== undefined) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (value.meridiem?.toLowerCase() === 'pm' ? 12 : 0);
    }
    const offset = offsetMinutes(value.zone);
    if (offset === null) return null;
    return utcMs(
      year,
      month,
      Number(value.day),
      hour,
      Number(value.minute ?? 0),
      Number(value.second ?? 0),
      fractionToMs(value.fraction),
      offset,
    );
  };
}
