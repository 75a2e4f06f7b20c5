import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import type { ColumnMapping } from './columnMapping';
import { CsvRecordReader } from './csvRecordReader';
import { type EncodedEventChunk, type EventChunkSettings, encodeEventChunk, eventCleanerFor } from './encodeEventChunk';
import { readTimestampWindow } from './limits';
import { PlainEventLines } from './plainEventLines';

const header = ['user_id', 'item_id', 'type', 'ts', 'value', 'text'];

function settingsWith(mapping?: ColumnMapping, columns = header): EventChunkSettings {
  return { header: columns, mapping, tsWindow: readTimestampWindow() };
}

/** the chunk read from its bytes (lines without quotes as bytes) and from its text (the text route) */
function bothWays(settings: EventChunkSettings, text: string, skipHeader = false) {
  const cut = new CsvRecordReader(',', 1 << 20).cut;
  const chunk = { cut: { ...cut, lineBreak: '\n' }, firstLine: 1, skipHeader };
  const asBytes = encodeEventChunk(settings, eventCleanerFor(settings), {
    ...chunk,
    text: new Uint8Array(Buffer.from(text, 'utf8')),
  });
  const asText = encodeEventChunk(settings, eventCleanerFor(settings), { ...chunk, text });
  return { asBytes, asText };
}

function comparable(encoded: EncodedEventChunk) {
  return {
    rows: encoded.rows,
    copy: Buffer.from(encoded.copy).toString('hex'),
    digests: [...encoded.digests],
    fingerprintAt: [...encoded.fingerprintAt],
    users: [...encoded.users].sort(),
    items: [...encoded.items].sort(),
    missing: encoded.missing,
    badLine: encoded.badLine,
  };
}

// Fields a real export might hold, the awkward ones included: each line is read from bytes where
// it can be and from text otherwise, and must come out the same as the text route reads it.
const users = [
  'u1',
  ' u2 ',
  'U1',
  'ü3',
  '\u00a0u4',
  'u5\u00a0',
  '用户6',
  'NA',
  '',
  'u\u00017',
  'x'.repeat(513),
  '\tu8',
];
const items = ['i1', '', 'null', ' i2', 'sku-9 ', '商品', 'N/A', '#N/A', 'y'.repeat(600), 'i\u200b3'];
const types = ['view', 'View', ' PURCHASE', 'add_to_cart', '购买', 'Straße', '', 'NULL', 'İnfo', 'z'.repeat(513)];
const times = [
  '2024-03-01T10:00:00Z',
  '2024-03-01',
  ' 1709287200 ',
  '1709287200000',
  '2024-03-01 10:00:00',
  'yesterday',
  '',
  '1800-01-01',
  '2024-03-01T10:00:00+08:00',
  '２０２４-03-01',
  '2024-03-01 10:00:00.250Z',
  '2024-02-30T10:00:00Z',
  '2024-03-01T24:00:00Z',
  '2024-03-01T1a:00:00Z',
];
const values = ['', '9.5', '-3', '1e3', '.5', 'abc', ' 12 ', 'NaN', '0x10', '1,5', '١٢'];
const texts = [
  '',
  'Great',
  '"a, b"',
  '"multi\nline"',
  ' spaced ',
  '很好。',
  '\u3000全角',
  'a"b',
  '"x""y"',
  'nul\u0000inside',
  'NA',
  'ends in cr\r',
  'tab\tinside',
];

function randomLines(seed: number, count: number): string {
  const random = createSeededRandom(seed);
  // the first two of each list are good: most lines are, so most chunks go on past their first
  const pick = <T>(list: readonly T[]) =>
    list[random.next() < 0.75 ? Math.floor(random.next() * 2) : Math.floor(random.next() * list.length)];
  const lines: string[] = [];
  for (let line = 0; line < count; line++) {
    const fields = [pick(users), pick(items), pick(types), pick(times), pick(values), pick(texts)];
    const draw = random.next();
    if (draw < 0.03) fields.pop();
    else if (draw < 0.05) fields.push('extra');
    lines.push(fields.join(','));
  }
  return lines.join(random.next() < 0.5 ? '\n' : '\r\n');
}

/** lines every field of which is plain: the byte reader takes them all */
function plainLines(count: number): string {
  const lines: string[] = [];
  for (let line = 0; line < count; line++)
    lines.push(
      `u${line % 13},${line % 3 ? `i${line % 7}` : ''},${line % 5 ? 'view' : 'Purchase'},${1_700_000_000 + line},${line % 4 ? '' : line / 4},ok ${line}`,
    );
  return lines.join('\n');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('events read from bytes, line by line, where a line has no quote', () => {
  it('writes rows the text route writes, byte for byte, with the same users, items and missing counts', () => {
    const encode = vi.spyOn(PlainEventLines.prototype, 'encode');
    const { asBytes, asText } = bothWays(
      settingsWith(),
      `user_id,item_id,type,ts,value,text\n${plainLines(500)}\n`,
      true,
    );
    expect(asBytes.rows).toBe(500);
    expect(comparable(asBytes)).toEqual(comparable(asText));
    expect(encode).toHaveBeenCalledTimes(500);
    expect(encode.mock.results.every((result) => result.value === true)).toBe(true);
  });

  it('reads awkward lines the way the text route does, stopping at the same bad line', () => {
    const encode = vi.spyOn(PlainEventLines.prototype, 'encode');
    let stoppedEarly = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const text = randomLines(seed, 1 + (seed % 9));
      const { asBytes, asText } = bothWays(settingsWith(), `${text}${seed % 3 ? '\n' : ''}`);
      expect(comparable(asBytes), `seed ${seed}:\n${text}`).toEqual(comparable(asText));
      if (asBytes.badLine !== null) stoppedEarly += 1;
    }
    // both outcomes must occur, or the comparison proves little
    expect(stoppedEarly).toBeGreaterThan(100);
    expect(stoppedEarly).toBeLessThan(900);
    const readAsBytes = encode.mock.results.filter((result) => result.value === true).length;
    const leftToText = encode.mock.results.length - readAsBytes;
    expect(readAsBytes).toBeGreaterThan(600);
    expect(leftToText).toBeGreaterThan(300);
  });

  it('reads good lines around quoted records over several lines, counting lines as the text reader does', () => {
    const lines = [
      'u1,i1,view,2024-03-01,,plain',
      'u2,i2,review,2024-03-02,,"first',
      'second, with a comma',
      'third"',
      'u3,,view,2024-03-03,1.5,',
      'u4,i4,review,2024-03-04,,"a ""quoted"" word"',
      'u5,i5,view,2024-03-05,,after',
      'u6,i6,view,not a time,,bad',
    ];
    const { asBytes, asText } = bothWays(settingsWith(), `${lines.join('\n')}\n`);
    expect(comparable(asBytes)).toEqual(comparable(asText));
    expect(asBytes.rows).toBe(5);
    expect(asBytes.badLine).toBe(8);
  });

  it("uses a mapping's columns and missing values, and leaves constant fields to the text route", () => {
    const columns = ['when', 'who', 'what', 'amount'];
    const mapping: ColumnMapping = {
      columns: { ts: 'when', user_id: 'who', type: 'what', value: 'amount' },
      missingValues: ['-', 'n/a'],
    };
    const text = 'when,who,what,amount\n2024-03-01,u1,view,-\n2024-03-02,u2,buy,n/a\n2024-03-03,u3,buy,NA\n';
    const mapped = bothWays(settingsWith(mapping, columns), text, true);
    expect(comparable(mapped.asBytes)).toEqual(comparable(mapped.asText));
    expect(mapped.asBytes.missing).toEqual({ value: 2 });
    expect(mapped.asBytes.badLine).toBe(4);

    const constant: ColumnMapping = { columns: { ts: 'when', user_id: 'who', type: ':visit' } };
    const encode = vi.spyOn(PlainEventLines.prototype, 'encode');
    const withConstant = bothWays(settingsWith(constant, columns), text, true);
    expect(comparable(withConstant.asBytes)).toEqual(comparable(withConstant.asText));
    expect(withConstant.asBytes.rows).toBe(3);
    expect(encode).not.toHaveBeenCalled();
  });

  it('refuses a chunk that is not UTF-8 at its first line, as the text route did', () => {
    const settings = settingsWith();
    const cut = { ...new CsvRecordReader(',', 1 << 20).cut, lineBreak: '\n' };
    const bytes = new Uint8Array([...Buffer.from('u1,,view,2024-03-01,,caf'), 0xe9, 10]);
    const encoded = encodeEventChunk(settings, eventCleanerFor(settings), {
      cut,
      text: bytes,
      firstLine: 12,
      skipHeader: false,
    });
    expect(encoded).toMatchObject({ rows: 0, badLine: 12 });
  });
});
