import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { completeRecordsEnd } from './completeRecordsEnd';
import { CsvRecordReader } from './csvRecordReader';

function records(text: string, line = 1): string[][] {
  const reader = CsvRecordReader.continuing({ delimiter: ',', maxRecordChars: 1 << 20, lineBreak: '\n' }, line);
  reader.push(text);
  const read = [...reader.records];
  reader.end();
  return [...read, ...reader.records];
}

/** the string reader's cut of the same text, in bytes */
function textCutBytes(text: string): number {
  const cutter = CsvRecordReader.continuing({ delimiter: ',', maxRecordChars: 1 << 20, lineBreak: '\n' }, 1);
  return Buffer.byteLength(cutter.takeRecords(text, false));
}

describe('completeRecordsEnd', () => {
  it('cuts CSV bytes where a record ends, as far as the text reader cuts them or further, for any prefix', () => {
    const random = createSeededRandom(11);
    const alphabet = ['a', 'b', ',', ',', '"', '"', '\n', '\r\n', '\r', ' ', 'é', '字', '😀'];
    let cuts = 0;
    for (let round = 0; round < 3000; round++) {
      let text = '';
      for (let index = 1 + random.int(30); index > 0; index--) text += random.pick(alphabet);
      const bytes = Buffer.from(text);
      let whole: string[][];
      try {
        whole = records(text);
      } catch {
        continue; // a quote never closed: no reading of it gives records
      }
      for (let prefix = 0; prefix <= bytes.length; prefix++) {
        const end = completeRecordsEnd(bytes.subarray(0, prefix), 44);
        expect(end).toBeLessThanOrEqual(prefix);
        const head = bytes.subarray(0, end).toString();
        expect(end, JSON.stringify(text)).toBeGreaterThanOrEqual(textCutBytes(bytes.subarray(0, prefix).toString()));
        if (end === 0 || end === bytes.length) continue;
        cuts += 1;
        // the records on either side of the cut are the records of the whole
        expect([...records(head), ...records(bytes.subarray(end).toString())], JSON.stringify(text)).toEqual(whole);
      }
    }
    expect(cuts).toBeGreaterThan(10_000);
  });

  it('skips lines without quotes whole and reads a quoted field over several lines', () => {
    const bytes = Buffer.from('u1,view\nu2,"a, ""b""\nc"\nu3,vi');
    expect(completeRecordsEnd(bytes, 44)).toBe(bytes.indexOf('u3'));
    expect(completeRecordsEnd(bytes.subarray(0, bytes.indexOf('c"')), 44)).toBe(bytes.indexOf('u2'));
    expect(completeRecordsEnd(Buffer.from('no line break yet'), 44)).toBe(0);
  });
});
