import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csvCell';

describe('csvCell', () => {
  it('quotes fields with commas, quotes and line breaks as RFC 4180 says, and leaves plain text alone', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it.each([
    ['=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
  ])('prefixes a single quote to text a spreadsheet would run as a formula: %j', (input, written) => {
    expect(csvCell(input)).toBe(written);
  });

  it('writes numbers as numbers, so a negative value is not taken for a formula', () => {
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell(42)).toBe('42');
    // the same characters as text are escaped
    expect(csvCell('-0.25')).toBe("'-0.25");
  });

  it('leaves formula characters alone when they are not first', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('user@example.com')).toBe('user@example.com');
  });

  it('round-trips through a CSV parser: every field comes back, formulas as quoted text', () => {
    const fields = ['id,1', 'quote "q"', '=1+2', 'multi\nline', '', '@x', 'plain'];
    const text = csvRow(fields) + csvRow([1, -2.5, null, false, '-x', '+y', 'z']);
    const rows = parse(text, { relaxQuotes: false }) as string[][];
    expect(rows).toEqual([
      ['id,1', 'quote "q"', "'=1+2", 'multi\nline', '', "'@x", 'plain'],
      ['1', '-2.5', '', 'false', "'-x", "'+y", 'z'],
    ]);
    expect(text.endsWith('\r\n')).toBe(true);
  });
});
