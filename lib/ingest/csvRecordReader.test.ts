import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { CsvReadError, CsvRecordReader } from './csvRecordReader';

function readAll(
  text: string,
  chunkSizes: number[] = [text.length],
  delimiter = ',',
): { records: string[][]; lines: number[] } {
  const reader = new CsvRecordReader(delimiter, 1 << 20);
  const records: string[][] = [];
  const lines: number[] = [];
  let at = 0;
  let turn = 0;
  while (at < text.length) {
    const size = Math.max(1, chunkSizes[turn++ % chunkSizes.length]);
    reader.push(text.slice(at, at + size));
    records.push(...reader.records);
    lines.push(...reader.lines);
    at += size;
  }
  reader.end();
  records.push(...reader.records);
  lines.push(...reader.lines);
  return { records, lines };
}

describe('CsvRecordReader', () => {
  it('reads quoted fields, doubled quotes, line breaks inside quotes and blank lines, with their lines', () => {
    const text = '\uFEFFa,b,c\n1,"x, ""y""",3\n\n2,"multi\nline",4\r\n5,6,7';
    const { records, lines } = readAll(text);
    expect(records).toEqual([['a', 'b', 'c'], ['1', 'x, "y"', '3'], [''], ['2', 'multi\nline', '4'], ['5', '6', '7']]);
    expect(lines).toEqual([1, 2, 3, 4, 6]);
  });

  it('keeps quotes inside unquoted fields, and text after a closing quote, as written', () => {
    expect(readAll('a,b"c,d\n"b"x,y\n').records).toEqual([
      ['a', 'b"c', 'd'],
      ['"b"x', 'y'],
    ]);
  });

  it('ends lines at LF and CRLF alike, and at a lone CR in a file that uses it', () => {
    expect(readAll('a,b\r\nc,d\ne,f\r\n').records).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
    expect(readAll('a,b\rc,"d\re"\rf,g').records).toEqual([
      ['a', 'b'],
      ['c', 'd\re'],
      ['f', 'g'],
    ]);
  });

  it('reads tab-separated text', () => {
    expect(readAll('a\tb\n"1\t2"\t3\n', undefined, '\t').records).toEqual([
      ['a', 'b'],
      ['1\t2', '3'],
    ]);
  });

  it('names the line where an unclosed quote opens, and refuses a record over the limit', () => {
    expect(() => readAll('a,b\n1,2\n3,"open\n4,5\n')).toThrow(/opens on line 3 is never closed/);
    const reader = new CsvRecordReader(',', 100);
    reader.push('a,b\n');
    expect(() => reader.push(`1,"${'x\n'.repeat(80)}`)).toThrow(CsvReadError);
  });

  it('reads random CSV as csv-parse does, however the text is cut into chunks', () => {
    const random = createSeededRandom(7);
    const alphabet = ['a', 'b', ',', ',', '"', '"', '\n', ' ', 'é', '字', '\t'];
    let compared = 0;
    for (let round = 0; round < 3000; round++) {
      const length = 1 + random.int(40);
      let text = '';
      for (let index = 0; index < length; index++) text += random.pick(alphabet);
      let expected: string[][];
      try {
        expected = parse(text, { relax_quotes: true, relax_column_count: true, skip_empty_lines: false });
      } catch {
        continue;
      }
      compared += 1;
      const chunks = [1 + random.int(7), 1 + random.int(3)];
      expect(readAll(text, chunks).records, JSON.stringify(text)).toEqual(expected);
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
