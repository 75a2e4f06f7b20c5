/**
 * The bad lines of an import, per file, each counted once: one file read as events, items and
 * users can reject the same line three times. A bit per line keeps this small for any file
 * (10 million lines: 1.25 MB).
 */
export class BadLines {
  private readonly files = new Map<string, Uint8Array>();
  count = 0;

  add(file: string, line: number): void {
    let bits = this.files.get(file) ?? new Uint8Array(1024);
    const byte = line >>> 3;
    if (byte >= bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, bits.length * 2));
      grown.set(bits);
      bits = grown;
    }
    this.files.set(file, bits);
    const mask = 1 << (line & 7);
    if ((bits[byte] & mask) === 0) {
      bits[byte] |= mask;
      this.count += 1;
    }
  }
}
