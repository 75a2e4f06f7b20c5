import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { canonicalIsoMsOfBytes, compileTimestampFormat, parseTimestamp } from './parseTimestamp';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('parseTimestamp', () => {
  it('reads ISO 8601 without a zone as UTC and applies explicit offsets', () => {
    expect(iso(parseTimestamp('2024-03-01'))).toBe('2024-03-01T00:00:00.000Z');
    expect(iso(parseTimestamp('2024-03-01T12:30'))).toBe('2024-03-01T12:30:00.000Z');
    expect(iso(parseTimestamp('2024-03-01 12:30:05.25'))).toBe('2024-03-01T12:30:05.250Z');
    expect(iso(parseTimestamp('2024-03-01T12:30:05+02:00'))).toBe('2024-03-01T10:30:05.000Z');
    expect(iso(parseTimestamp('2024-03-01T12:30:05-0530'))).toBe('2024-03-01T18:00:05.000Z');
    expect(iso(parseTimestamp('2024-03-01T12:30:05.123456Z'))).toBe('2024-03-01T12:30:05.123Z');
  });

  it('tells epoch seconds from milliseconds by magnitude', () => {
    expect(iso(parseTimestamp('1709296200'))).toBe('2024-03-01T12:30:00.000Z');
    expect(iso(parseTimestamp('1709296200.5'))).toBe('2024-03-01T12:30:00.500Z');
    expect(iso(parseTimestamp('1709296200123'))).toBe('2024-03-01T12:30:00.123Z');
    expect(iso(parseTimestamp('0'))).toBe('1970-01-01T00:00:00.000Z');
  });

  it('rejects impossible dates and other text', () => {
    for (const text of [
      '2024-02-30',
      '2024-13-01',
      '2024-01-01T24:00',
      'yesterday',
      '01/02/2024',
      '2024-01-01T10:00+25:00',
      '1e30',
    ]) {
      expect(parseTimestamp(text), text).toBeNull();
    }
  });
});

describe('canonicalIsoMsOfBytes', () => {
  it('reads the canonical form from bytes as parseTimestamp reads its text, and leaves every other form to it', () => {
    const canonical = [
      '2024-03-01T10:00:00Z',
      '2024-03-01 10:00:00Z',
      '2024-03-01T10:00:00.250Z',
      '2024-02-29T23:59:59.999Z',
      '0099-12-31T00:00:00Z',
      '1969-12-31T23:59:59Z',
    ];
    const impossible = ['2024-02-30T10:00:00Z', '2023-02-29T10:00:00Z', '2024-03-01T24:00:00Z', '2024-03-01T10:60:00Z'];
    const others = [
      '2024-03-01T1a:00:00Z',
      '2024-03-01T10:00:00',
      '2024-03-01T10:00:00+00:00',
      '2024-03-01T10:00:00,250Z',
    ];
    for (const text of [...canonical, ...impossible, ...others]) {
      const bytes = Buffer.from(`,,${text},`, 'latin1');
      const read = canonicalIsoMsOfBytes(bytes, 2, 2 + text.length);
      if (others.includes(text)) expect(read, text).toBeUndefined();
      else expect(read, text).toBe(parseTimestamp(text));
      if (canonical.includes(text)) expect(read, text).not.toBeNull();
      if (impossible.includes(text)) expect(read, text).toBeNull();
    }
  });
});

describe('compileTimestampFormat', () => {
  it('reads the US M/D/YYYY H:MM of the online retail data, MM after H: being minutes', () => {
    const parse = compileTimestampFormat('M/D/YYYY H:MM');
    expect(iso(parse('10/31/2011 10:42'))).toBe('2011-10-31T10:42:00.000Z');
    expect(iso(parse('1/9/2011 9:05'))).toBe('2011-01-09T09:05:00.000Z');
    expect(parse('31/10/2011 10:42')).toBeNull();
    expect(parse('2011-10-31 10:42')).toBeNull();
  });

  it('reads day-first, 12-hour, month-name and zoned formats', () => {
    expect(iso(compileTimestampFormat('DD.MM.YYYY HH:mm:ss')('05.03.2024 17:08:09'))).toBe('2024-03-05T17:08:09.000Z');
    expect(iso(compileTimestampFormat('M/D/YY h:mm A')('3/5/24 5:08 PM'))).toBe('2024-03-05T17:08:00.000Z');
    expect(iso(compileTimestampFormat('M/D/YY h:mm A')('3/5/24 12:08 am'))).toBe('2024-03-05T00:08:00.000Z');
    expect(iso(compileTimestampFormat('D MMM YYYY')('5 March 2024'))).toBe('2024-03-05T00:00:00.000Z');
    expect(iso(compileTimestampFormat('YYYY-MM-DD HH:mm Z')('2024-03-05 17:08 +01:00'))).toBe(
      '2024-03-05T16:08:00.000Z',
    );
  });

  it('refuses a format without year, month or day', () => {
    expect(() => compileTimestampFormat('HH:mm')).toThrow(/no year/);
  });
});

describe('parseTimestamp on the common UTC form', () => {
  it('reads 2024-03-01T12:30:05(.250)Z as the general ISO reading of the same time with +00:00 does', () => {
    const random = createSeededRandom(11);
    const two = (value: number) => String(value).padStart(2, '0');
    for (let round = 0; round < 5000; round++) {
      // out-of-range fields on purpose: month 13, day 31 of a short month, hour 24, second 60
      const date = `${String(random.int(3000)).padStart(4, '0')}-${two(random.int(14))}-${two(random.int(32))}`;
      // several times of one day in a row, as files have them (the day's start is kept between calls)
      for (let time = 0; time < 3; time++) {
        const clock = `${two(random.int(25))}:${two(random.int(61))}:${two(random.int(61))}`;
        const fraction = random.int(2) === 0 ? '' : `.${String(random.int(1000)).padStart(3, '0')}`;
        const separator = random.int(2) === 0 ? 'T' : ' ';
        const text = `${date}${separator}${clock}${fraction}`;
        expect(parseTimestamp(`${text}Z`), text).toBe(parseTimestamp(`${text}+00:00`));
      }
    }
    expect(iso(parseTimestamp('2024-02-29T23:59:59.999Z'))).toBe('2024-02-29T23:59:59.999Z');
    expect(parseTimestamp('2023-02-29T00:00:00Z')).toBeNull();
    expect(iso(parseTimestamp('0050-01-01T00:00:00Z'))).toBe('0050-01-01T00:00:00.000Z');
    expect(parseTimestamp('2024-0a-01T00:00:00Z')).toBeNull();
  });
});
