function word(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
}

/**
 * MD5 in JavaScript over bytes already in a buffer: the digest of `length` bytes of `bytes`
 * (which must have room for 72 bytes past them, for the padding) into `out` as four
 * little-endian words, the digest's bytes 0-3, 4-7, 8-11, 12-15.
 *
 * An events import hashes every row. crypto's native md5 of a short string cost about 1.3 us
 * a call, mostly in crossing into C++ and making the string UTF-8; this does the same digest in
 * a fraction of that on the bytes the import writes anyway. The 64 steps are written out, with
 * the block's words in locals and RFC 1321's constants inline (as signed 32-bit integers), which
 * took about two thirds of the time of a loop over tables of them (0.32 against 0.5 s for the 2.1
 * million rows of the demo).
 */
export function md5Into(bytes: Uint8Array, length: number, out: Int32Array): void {
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
    const x0 = word(bytes, block + 0);
    const x1 = word(bytes, block + 4);
    const x2 = word(bytes, block + 8);
    const x3 = word(bytes, block + 12);
    const x4 = word(bytes, block + 16);
    const x5 = word(bytes, block + 20);
    const x6 = word(bytes, block + 24);
    const x7 = word(bytes, block + 28);
    const x8 = word(bytes, block + 32);
    const x9 = word(bytes, block + 36);
    const x10 = word(bytes, block + 40);
    const x11 = word(bytes, block + 44);
    const x12 = word(bytes, block + 48);
    const x13 = word(bytes, block + 52);
    const x14 = word(bytes, block + 56);
    const x15 = word(bytes, block + 60);
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let sum: number;
    sum = (a + ((b & c) | (~b & d)) + x0 - 680876936) | 0;
    a = (((sum << 7) | (sum >>> 25)) + b) | 0;
    sum = (d + ((a & b) | (~a & c)) + x1 - 389564586) | 0;
    d = (((sum << 12) | (sum >>> 20)) + a) | 0;
    sum = (c + ((d & a) | (~d & b)) + x2 + 606105819) | 0;
    c = (((sum << 17) | (sum >>> 15)) + d) | 0;
    sum = (b + ((c & d) | (~c & a)) + x3 - 1044525330) | 0;
    b = (((sum << 22) | (sum >>> 10)) + c) | 0;
    sum = (a + ((b & c) | (~b & d)) + x4 - 176418897) | 0;
    a = (((sum << 7) | (sum >>> 25)) + b) | 0;
    sum = (d + ((a & b) | (~a & c)) + x5 + 1200080426) | 0;
    d = (((sum << 12) | (sum >>> 20)) + a) | 0;
    sum = (c + ((d & a) | (~d & b)) + x6 - 1473231341) | 0;
    c = (((sum << 17) | (sum >>> 15)) + d) | 0;
    sum = (b + ((c & d) | (~c & a)) + x7 - 45705983) | 0;
    b = (((sum << 22) | (sum >>> 10)) + c) | 0;
    sum = (a + ((b & c) | (~b & d)) + x8 + 1770035416) | 0;
    a = (((sum << 7) | (sum >>> 25)) + b) | 0;
    sum = (d + ((a & b) | (~a & c)) + x9 - 1958414417) | 0;
    d = (((sum << 12) | (sum >>> 20)) + a) | 0;
    sum = (c + ((d & a) | (~d & b)) + x10 - 42063) | 0;
    c = (((sum << 17) | (sum >>> 15)) + d) | 0;
    sum = (b + ((c & d) | (~c & a)) + x11 - 1990404162) | 0;
    b = (((sum << 22) | (sum >>> 10)) + c) | 0;
    sum = (a + ((b & c) | (~b & d)) + x12 + 1804603682) | 0;
    a = (((sum << 7) | (sum >>> 25)) + b) | 0;
    sum = (d + ((a & b) | (~a & c)) + x13 - 40341101) | 0;
    d = (((sum << 12) | (sum >>> 20)) + a) | 0;
    sum = (c + ((d & a) | (~d & b)) + x14 - 1502002290) | 0;
    c = (((sum << 17) | (sum >>> 15)) + d) | 0;
    sum = (b + ((c & d) | (~c & a)) + x15 + 1236535329) | 0;
    b = (((sum << 22) | (sum >>> 10)) + c) | 0;
    sum = (a + ((b & d) | (c & ~d)) + x1 - 165796510) | 0;
    a = (((sum << 5) | (sum >>> 27)) + b) | 0;
    sum = (d + ((a & c) | (b & ~c)) + x6 - 1069501632) | 0;
    d = (((sum << 9) | (sum >>> 23)) + a) | 0;
    sum = (c + ((d & b) | (a & ~b)) + x11 + 643717713) | 0;
    c = (((sum << 14) | (sum >>> 18)) + d) | 0;
    sum = (b + ((c & a) | (d & ~a)) + x0 - 373897302) | 0;
    b = (((sum << 20) | (sum >>> 12)) + c) | 0;
    sum = (a + ((b & d) | (c & ~d)) + x5 - 701558691) | 0;
    a = (((sum << 5) | (sum >>> 27)) + b) | 0;
    sum = (d + ((a & c) | (b & ~c)) + x10 + 38016083) | 0;
    d = (((sum << 9) | (sum >>> 23)) + a) | 0;
    sum = (c + ((d & b) | (a & ~b)) + x15 - 660478335) | 0;
    c = (((sum << 14) | (sum >>> 18)) + d) | 0;
    sum = (b + ((c & a) | (d & ~a)) + x4 - 405537848) | 0;
    b = (((sum << 20) | (sum >>> 12)) + c) | 0;
    sum = (a + ((b & d) | (c & ~d)) + x9 + 568446438) | 0;
    a = (((sum << 5) | (sum >>> 27)) + b) | 0;
    sum = (d + ((a & c) | (b & ~c)) + x14 - 1019803690) | 0;
    d = (((sum << 9) | (sum >>> 23)) + a) | 0;
    sum = (c + ((d & b) | (a & ~b)) + x3 - 187363961) | 0;
    c = (((sum << 14) | (sum >>> 18)) + d) | 0;
    sum = (b + ((c & a) | (d & ~a)) + x8 + 1163531501) | 0;
    b = (((sum << 20) | (sum >>> 12)) + c) | 0;
    sum = (a + ((b & d) | (c & ~d)) + x13 - 1444681467) | 0;
    a = (((sum << 5) | (sum >>> 27)) + b) | 0;
    sum = (d + ((a & c) | (b & ~c)) + x2 - 51403784) | 0;
    d = (((sum << 9) | (sum >>> 23)) + a) | 0;
    sum = (c + ((d & b) | (a & ~b)) + x7 + 1735328473) | 0;
    c = (((sum << 14) | (sum >>> 18)) + d) | 0;
    sum = (b + ((c & a) | (d & ~a)) + x12 - 1926607734) | 0;
    b = (((sum << 20) | (sum >>> 12)) + c) | 0;
    sum = (a + (b ^ c ^ d) + x5 - 378558) | 0;
    a = (((sum << 4) | (sum >>> 28)) + b) | 0;
    sum = (d + (a ^ b ^ c) + x8 - 2022574463) | 0;
    d = (((sum << 11) | (sum >>> 21)) + a) | 0;
    sum = (c + (d ^ a ^ b) + x11 + 1839030562) | 0;
    c = (((sum << 16) | (sum >>> 16)) + d) | 0;
    sum = (b + (c ^ d ^ a) + x14 - 35309556) | 0;
    b = (((sum << 23) | (sum >>> 9)) + c) | 0;
    sum = (a + (b ^ c ^ d) + x1 - 1530992060) | 0;
    a = (((sum << 4) | (sum >>> 28)) + b) | 0;
    sum = (d + (a ^ b ^ c) + x4 + 1272893353) | 0;
    d = (((sum << 11) | (sum >>> 21)) + a) | 0;
    sum = (c + (d ^ a ^ b) + x7 - 155497632) | 0;
    c = (((sum << 16) | (sum >>> 16)) + d) | 0;
    sum = (b + (c ^ d ^ a) + x10 - 1094730640) | 0;
    b = (((sum << 23) | (sum >>> 9)) + c) | 0;
    sum = (a + (b ^ c ^ d) + x13 + 681279174) | 0;
    a = (((sum << 4) | (sum >>> 28)) + b) | 0;
    sum = (d + (a ^ b ^ c) + x0 - 358537222) | 0;
    d = (((sum << 11) | (sum >>> 21)) + a) | 0;
    sum = (c + (d ^ a ^ b) + x3 - 722521979) | 0;
    c = (((sum << 16) | (sum >>> 16)) + d) | 0;
    sum = (b + (c ^ d ^ a) + x6 + 76029189) | 0;
    b = (((sum << 23) | (sum >>> 9)) + c) | 0;
    sum = (a + (b ^ c ^ d) + x9 - 640364487) | 0;
    a = (((sum << 4) | (sum >>> 28)) + b) | 0;
    sum = (d + (a ^ b ^ c) + x12 - 421815835) | 0;
    d = (((sum << 11) | (sum >>> 21)) + a) | 0;
    sum = (c + (d ^ a ^ b) + x15 + 530742520) | 0;
    c = (((sum << 16) | (sum >>> 16)) + d) | 0;
    sum = (b + (c ^ d ^ a) + x2 - 995338651) | 0;
    b = (((sum << 23) | (sum >>> 9)) + c) | 0;
    sum = (a + (c ^ (b | ~d)) + x0 - 198630844) | 0;
    a = (((sum << 6) | (sum >>> 26)) + b) | 0;
    sum = (d + (b ^ (a | ~c)) + x7 + 1126891415) | 0;
    d = (((sum << 10) | (sum >>> 22)) + a) | 0;
    sum = (c + (a ^ (d | ~b)) + x14 - 1416354905) | 0;
    c = (((sum << 15) | (sum >>> 17)) + d) | 0;
    sum = (b + (d ^ (c | ~a)) + x5 - 57434055) | 0;
    b = (((sum << 21) | (sum >>> 11)) + c) | 0;
    sum = (a + (c ^ (b | ~d)) + x12 + 1700485571) | 0;
    a = (((sum << 6) | (sum >>> 26)) + b) | 0;
    sum = (d + (b ^ (a | ~c)) + x3 - 1894986606) | 0;
    d = (((sum << 10) | (sum >>> 22)) + a) | 0;
    sum = (c + (a ^ (d | ~b)) + x10 - 1051523) | 0;
    c = (((sum << 15) | (sum >>> 17)) + d) | 0;
    sum = (b + (d ^ (c | ~a)) + x1 - 2054922799) | 0;
    b = (((sum << 21) | (sum >>> 11)) + c) | 0;
    sum = (a + (c ^ (b | ~d)) + x8 + 1873313359) | 0;
    a = (((sum << 6) | (sum >>> 26)) + b) | 0;
    sum = (d + (b ^ (a | ~c)) + x15 - 30611744) | 0;
    d = (((sum << 10) | (sum >>> 22)) + a) | 0;
    sum = (c + (a ^ (d | ~b)) + x6 - 1560198380) | 0;
    c = (((sum << 15) | (sum >>> 17)) + d) | 0;
    sum = (b + (d ^ (c | ~a)) + x13 + 1309151649) | 0;
    b = (((sum << 21) | (sum >>> 11)) + c) | 0;
    sum = (a + (c ^ (b | ~d)) + x4 - 145523070) | 0;
    a = (((sum << 6) | (sum >>> 26)) + b) | 0;
    sum = (d + (b ^ (a | ~c)) + x11 - 1120210379) | 0;
    d = (((sum << 10) | (sum >>> 22)) + a) | 0;
    sum = (c + (a ^ (d | ~b)) + x2 + 718787259) | 0;
    c = (((sum << 15) | (sum >>> 17)) + d) | 0;
    sum = (b + (d ^ (c | ~a)) + x9 - 343485551) | 0;
    b = (((sum << 21) | (sum >>> 11)) + c) | 0;
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
 * Copies source[from, to) to `at` in `bytes` and returns where it ends: a loop for the short ids
 * most fields are, one native copy for longer ones.
 */
export function copyBytes(bytes: Uint8Array, at: number, source: Uint8Array, from: number, to: number): number {
  if (to - from > 32) {
    bytes.set(source.subarray(from, to), at);
    return at + to - from;
  }
  let into = at;
  for (let index = from; index < to; index++) bytes[into++] = source[index];
  return into;
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
