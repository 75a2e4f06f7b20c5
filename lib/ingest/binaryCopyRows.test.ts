import { describe, expect, it } from 'vitest';
import { BinaryCopyRows } from './binaryCopyRows';

/** the length-prefixed fields of rows written with text() alone */
function readTexts(bytes: Buffer): (string | null)[] {
  const texts: (string | null)[] = [];
  for (let at = 0; at < bytes.length; ) {
    const length = bytes.readInt32BE(at);
    at += 4;
    if (length < 0) {
      texts.push(null);
      continue;
    }
    texts.push(bytes.subarray(at, at + length).toString('utf8'));
    at += length;
  }
  return texts;
}

describe('BinaryCopyRows.text', () => {
  it('writes each text as Node writes it in UTF-8, short ASCII, non-ASCII and long alike', () => {
    const texts = [
      '',
      'u000001',
      'add_to_cart',
      'a'.repeat(31),
      'b'.repeat(32),
      'c'.repeat(33),
      'é',
      'sku-1é',
      `${'d'.repeat(31)}é`,
      '日本語のレビュー',
      '😀 emoji',
      'lone \ud800 surrogate',
      'x\udc00',
      'tab\tnew\nline\\',
      '\0nul',
      'long text '.repeat(40),
      null,
    ];
    const rows = new BinaryCopyRows();
    for (const text of texts) rows.text(text);
    const bytes = rows.takeBytes();
    expect(readTexts(bytes)).toEqual(texts.map((text) => (text === null ? null : Buffer.from(text).toString())));
    const expectedBytes = texts.reduce((sum, text) => sum + 4 + (text === null ? 0 : Buffer.byteLength(text)), 0);
    expect(bytes.length).toBe(expectedBytes);
  });
});
