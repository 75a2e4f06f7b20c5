import { describe, expect, it } from 'vitest';
import { decodeText, FileLimitError } from './decodeText';

async function decodeAll(text: string, maxLineChars: number, chunkBytes = 7): Promise<string> {
  const bytes = Buffer.from(text);
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
  }
  let decoded = '';
  for await (const piece of decodeText(chunks(), { maxLineChars })) decoded += piece;
  return decoded;
}

describe('decodeText', () => {
  it('ends a line at a lone CR as at LF, so a file of CR lines is not one long line', async () => {
    const crLines = 'user_id,type\r'.concat('u1,view\r'.repeat(50));
    expect(await decodeAll(crLines, 20)).toBe(crLines);
    await expect(decodeAll(`a,b\r${'x'.repeat(30)}\rc,d\r`, 20)).rejects.toThrow(FileLimitError);
    await expect(decodeAll(`a,b\n${'x'.repeat(30)}\nc,d\n`, 20)).rejects.toThrow(/line 2 is longer than/);
    expect(await decodeAll(`a,b\r\n${'x'.repeat(20)}\r\n`, 20)).toBe(`a,b\r\n${'x'.repeat(20)}\r\n`);
  });
});
