import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { ByteLineCheck } from './byteLineCheck';
import { type DecodeOptions, decodeText, FileLimitError } from './decodeText';

function cut(bytes: Buffer, sizes: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = Math.max(1, sizes());
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

/** the chunk by whose end decodeText throws a FileLimitError, or -1 */
async function decodeTextStops(chunks: Buffer[], options: DecodeOptions): Promise<number> {
  let given = 0;
  async function* each() {
    for (const chunk of chunks) {
      given += 1;
      yield chunk;
    }
  }
  try {
    for await (const _ of decodeText(each(), options));
  } catch (error) {
    if (!(error instanceof FileLimitError)) throw error;
    return given - 1;
  }
  return -1;
}

function checkStops(chunks: Buffer[], options: DecodeOptions): number {
  const check = new ByteLineCheck(options);
  return chunks.findIndex((chunk) => !check.add(chunk));
}

describe('ByteLineCheck', () => {
  it('refuses a file decodeText finds a line too long in, or too many bytes, by the same chunk or before, however the bytes are cut', async () => {
    const random = createSeededRandom(5);
    const alphabet = ['a', 'b', 'é', '字', '😀', '\n', '\n', '\r\n', '\r'];
    let refused = 0;
    for (let round = 0; round < 2000; round++) {
      let text = '';
      for (let index = 1 + random.int(60); index > 0; index--) text += random.pick(alphabet);
      const chunks = cut(Buffer.from(text), () => 1 + random.int(9));
      const options: DecodeOptions = {
        maxLineChars: 2 + random.int(10),
        maxBytes: random.next() < 0.2 ? { bytes: 20 + random.int(60), describe: 'a limit' } : undefined,
      };
      const stops = await decodeTextStops(chunks, options);
      const checkRefuses = checkStops(chunks, options);
      // a character cut off at a chunk's end counts here at once, in decodeText with the next chunk
      expect(checkRefuses === -1, JSON.stringify({ text, options })).toBe(stops === -1);
      expect(checkRefuses, JSON.stringify({ text, options })).toBeLessThanOrEqual(stops);
      if (stops !== -1) refused += 1;
    }
    expect(refused).toBeGreaterThan(500);
  });

  it('refuses the chunk by which decodeText finds too many blank lines, counting a CRLF cut in two as it does', async () => {
    const blankThenData = Buffer.from(`${'\r\n'.repeat(120_000)}${'\n'.repeat(20_000)}${'a,b\n'.repeat(20_000)}`);
    // cut every 3 bytes, half the CRLFs are cut in two and not counted: too few blank lines
    for (const [size, refused] of [
      [3, false],
      [65_536, true],
    ] as const) {
      const chunks = cut(blankThenData, () => size);
      const stops = await decodeTextStops(chunks, { maxLineChars: 1_000 });
      expect(stops !== -1).toBe(refused);
      expect(checkStops(chunks, { maxLineChars: 1_000 })).toBe(stops);
    }
    const enoughData = Buffer.from(`${'a,b\n'.repeat(20_000)}${'\n'.repeat(101_000)}`);
    expect(
      await decodeTextStops(
        cut(enoughData, () => 4_097),
        { maxLineChars: 1_000 },
      ),
    ).toBe(-1);
    expect(
      checkStops(
        cut(enoughData, () => 4_097),
        { maxLineChars: 1_000 },
      ),
    ).toBe(-1);
  });
});
