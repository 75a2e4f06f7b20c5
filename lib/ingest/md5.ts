/** the 64 additive constants, floor(abs(sin(i + 1)) * 2^32) */
const K = Int32Array.from({ length: 64 }, (_, index) => Math.floor(Math.abs(Math.sin(index + 1)) * 2 ** 32) | 0);

/** the four rounds' rotations, four per round */
const R = Int32Array.of(7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21);

/**
 * MD5 in JavaScript over bytes already in a buffer: the digest of `length` bytes of `bytes`
 * (which must have room for 72 bytes past them, for the padding) into `out` as four
 * little-endian words, the digest's bytes 0-3, 4-7, 8-11, 12-15.
 *
 * An events import hashes every row. crypto's native md5 of a short string cost about 1.3 us
 * a call, mostly in crossing into C++ and making the string UTF-8; this loop does the same
 * digest in a fraction of that on the bytes the import writes anyway.
 */
export function md5Into(bytes: Uint8Array, length: number, out: Int32Array, words: Int32Array): void {
  const padded = ((length + 8) >>> 6) * 64 + 64;
  bytes[length] = 0x80;
  bytes.fill(0, length + 1, padded - 8);
  const bits = length * 8;
  bytes[padded - 8] = bits & 0xff;
  bytes[padded - 7] = (bits >>> 8) & 0xff;
  bytes[padded - 6] = (bits >>> 16) & 0xff;
  bytes[padded - 5] = (bits >>> 24) & 0xff;
  const high = Math.floor(length / 0x20000000);
  bytes[padded - 4] = high & 0xff;
  bytes[padded - 3] = (high >>> 8) & 0xff;
  bytes[padded - 2] = (high >>> 16) & 0xff;
  bytes[padded - 1] = (high >>> 24) & 0xff;
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  for (let block = 0; block < padded; block += 64) {
    for (let index = 0; index < 16; index++) {
      const at = block + index * 4;
      words[index] = bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    for (let step = 0; step < 16; step++) {
      const shift = R[step & 3];
      const sum = (a + ((b & c) | (~b & d)) + K[step] + words[step]) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    for (let step = 16; step < 32; step++) {
      const shift = R[4 | (step & 3)];
      const sum = (a + ((d & b) | (~d & c)) + K[step] + words[(5 * step + 1) & 15]) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    for (let step = 32; step < 48; step++) {
      const shift = R[8 | (step & 3)];
      const sum = (a + (b ^ c ^ d) + K[step] + words[(3 * step + 5) & 15]) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    for (let step = 48; step < 64; step++) {
      const shift = R[12 | (step & 3)];
      const sum = (a + (c ^ (b | ~d)) + K[step] + words[(7 * step) & 15]) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
  }
  out[0] = h0;
  out[1] = h1;
  out[2] = h2;
  out[3] = h3;
}

/**
 * Writes `text` as UTF-8 at `at` in `bytes` and returns where it ends, as Buffer.write does
 * (a lone surrogate becomes U+FFFD). `bytes` must have room for 3 bytes per UTF-16 unit.
 */
export function writeUtf8(bytes: Uint8Array, at: number, text: string): number {
  let to = at;
  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index);
    if (code < 0x80) {
      bytes[to++] = code;
      continue;
    }
    if (code < 0x800) {
      bytes[to++] = 0xc0 | (code >>> 6);
      bytes[to++] = 0x80 | (code & 0x3f);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = index + 1 < text.length ? text.charCodeAt(index + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        index += 1;
        bytes[to++] = 0xf0 | (code >>> 18);
        bytes[to++] = 0x80 | ((code >>> 12) & 0x3f);
        bytes[to++] = 0x80 | ((code >>> 6) & 0x3f);
        bytes[to++] = 0x80 | (code & 0x3f);
        continue;
      }
      code = 0xfffd;
    }
    bytes[to++] = 0xe0 | (code >>> 12);
    bytes[to++] = 0x80 | ((code >>> 6) & 0x3f);
    bytes[to++] = 0x80 | (code & 0x3f);
  }
  return to;
}
