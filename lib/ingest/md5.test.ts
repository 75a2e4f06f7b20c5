import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EventDigest, eventFingerprint, type FingerprintFields } from './eventFingerprint';
import { md5Into, writeUtf8 } from './md5';

function jsMd5(text: string): string {
  const bytes = new Uint8Array(text.length * 3 + 72);
  const length = writeUtf8(bytes, 0, text);
  const out = new Int32Array(4);
  md5Into(bytes, length, out);
  const digest = Buffer.alloc(16);
  for (let index = 0; index < 4; index++) digest.writeInt32LE(out[index], index * 4);
  return digest.toString('hex');
}

describe('md5Into', () => {
  it('gives crypto md5 for every length around the 64-byte block and padding boundaries', () => {
    for (let length = 0; length <= 200; length++) {
      const text = 'abcdefghij'.repeat(21).slice(0, length);
      expect(jsMd5(text)).toBe(hash('md5', text, 'hex'));
    }
  });

  it('encodes text as UTF-8 the way Node does, lone surrogates included', () => {
    for (const text of [
      'é',
      'Grüße',
      '日本語のレビュー',
      '😀 emoji',
      'a\ud800b',
      'x\udc00',
      '\ud83d',
      'tab\tnew\nline',
      '\0nul',
    ]) {
      expect(jsMd5(text)).toBe(hash('md5', text, 'hex'));
      const bytes = new Uint8Array(text.length * 3);
      expect(Buffer.from(bytes.subarray(0, writeUtf8(bytes, 0, text)))).toEqual(Buffer.from(text, 'utf8'));
    }
  });
});

describe('EventDigest', () => {
  it('fingerprints an event as eventFingerprint does', () => {
    const digest = new EventDigest();
    const events: FingerprintFields[] = [
      { userId: 'u1', itemId: null, type: 'view', tsMs: 1_700_000_000_000, value: null, text: null },
      { userId: 'u000001', itemId: 'sku-11650', type: 'purchase', tsMs: 1_746_320_650_250, value: 12.5, text: null },
      {
        userId: 'ü',
        itemId: 'i',
        type: 'review',
        tsMs: 946_684_800_000,
        value: -3e-7,
        text: '"Great", ünïcode 😀'.repeat(40),
      },
    ];
    for (const event of events) {
      digest.of(event);
      expect(digest.hex()).toBe(eventFingerprint(event));
    }
  });

  it('writes times and values as String() does: signs, zeros, every digit count, the safe-integer edge, fractions', () => {
    const digest = new EventDigest();
    const numbers = [
      0,
      -0,
      1,
      -1,
      9,
      10,
      99,
      100,
      -86_400_000,
      1e15,
      2 ** 53 - 1,
      -(2 ** 53 - 1),
      2 ** 53,
      1e21,
      0.1,
      -2.5,
      1e8 + 1,
      -(1e8 + 7),
      2 ** 31 - 1,
      2 ** 31,
      1_714_000_000_123,
    ];
    for (let digits = 1; digits <= 16; digits++)
      numbers.push(10 ** digits - 1, 10 ** digits, 7 * 10 ** (digits - 1) + 3);
    for (const number of numbers) {
      const event: FingerprintFields = {
        userId: 'u',
        itemId: null,
        type: 't',
        tsMs: number,
        value: number,
        text: null,
      };
      digest.of(event);
      expect(digest.hex(), String(number)).toBe(eventFingerprint(event));
    }
  });
});
