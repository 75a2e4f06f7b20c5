import { occurrenceFingerprint } from './eventFingerprint';

const emptySlot = 0;

/** the table's size for `expected` keys at most three quarters full: a power of two */
function slotsFor(expected: number): number {
  let slots = 16;
  while (slots * 3 < expected * 4) slots *= 2;
  return slots;
}

/**
 * Numbers identical events within one file or request: `fingerprintOf` gives the first of a kind
 * its plain fingerprint and each repeat a fingerprint of its own (occurrenceFingerprint). Keys
 * are the full 128 bits of the fingerprint in an open-addressing table of typed arrays, filled
 * up to three quarters: 27-53 bytes per distinct event, where a Map of strings took over 100.
 * At half full, the 20.85M events of the 1M-user demo needed a 1.3 GB table and 2 GB while it
 * grew (the import's peak RSS was 2.5 GB); at three quarters 0.7 GB, 1 GB while growing.
 */
export class OccurrenceCounter {
  private keys: Int32Array;
  private counts: Uint32Array;
  private size = 0;
  /** the fingerprint's 16 bytes, read as four words */
  private readonly scratch = Buffer.alloc(16);

  /** `expected`: about how many events will be counted (a request's; a file's is unknown), to start at a fitting size */
  constructor(expected = 1 << 15) {
    const slots = slotsFor(expected);
    this.keys = new Int32Array(4 * slots);
    this.counts = new Uint32Array(slots);
  }

  /**
   * Makes room for about `expected` events in all, at once: a file's count, once its first chunk
   * tells how long its rows are. Growing by doubling from the default size rehashed every
   * event about once more, 0.4 s of the main thread's 2.7 s on the demo's 2.1M events.
   */
  reserve(expected: number): void {
    const slots = slotsFor(expected);
    if (slots > this.counts.length) this.rehash(slots);
  }

  /** the fingerprint for the next event whose plain fingerprint is `fingerprint` (32 hex digits) */
  fingerprintOf(fingerprint: string): string {
    return occurrenceFingerprint(fingerprint, this.count(fingerprint));
  }

  /** how many times `fingerprint` has now been seen, this one included */
  count(fingerprint: string): number {
    const scratch = this.scratch;
    scratch.write(fingerprint, 0, 16, 'hex');
    return this.countWords(
      scratch.readInt32LE(0),
      scratch.readInt32LE(4),
      scratch.readInt32LE(8),
      scratch.readInt32LE(12),
    );
  }

  /** count for a fingerprint given as its 16 bytes read as four little-endian words (EventDigest) */
  countWords(k0: number, k1: number, k2: number, k3: number): number {
    if ((this.size + 1) * 4 > this.counts.length * 3) this.grow();
    const slot = this.find(k0, k1, k2, k3);
    if (this.counts[slot] === emptySlot) {
      const at = slot * 4;
      this.keys[at] = k0;
      this.keys[at + 1] = k1;
      this.keys[at + 2] = k2;
      this.keys[at + 3] = k3;
      this.size += 1;
    }
    this.counts[slot] += 1;
    return this.counts[slot];
  }

  /** whether a fingerprint, given as countWords takes it, has been counted */
  has(k0: number, k1: number, k2: number, k3: number): boolean {
    return this.counts[this.find(k0, k1, k2, k3)] !== emptySlot;
  }

  private find(k0: number, k1: number, k2: number, k3: number): number {
    const mask = this.counts.length - 1;
    // md5 bits are uniform, so the key's low word is already a good hash
    let slot = k3 & mask;
    for (;;) {
      if (this.counts[slot] === emptySlot) return slot;
      const at = slot * 4;
      const keys = this.keys;
      if (keys[at] === k0 && keys[at + 1] === k1 && keys[at + 2] === k2 && keys[at + 3] === k3) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    this.rehash(this.counts.length * 2);
  }

  private rehash(slots: number): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    this.keys = new Int32Array(4 * slots);
    this.counts = new Uint32Array(slots);
    for (let slot = 0; slot < oldCounts.length; slot++) {
      if (oldCounts[slot] === emptySlot) continue;
      const at = slot * 4;
      const to = this.find(oldKeys[at], oldKeys[at + 1], oldKeys[at + 2], oldKeys[at + 3]);
      this.keys.set(oldKeys.subarray(at, at + 4), to * 4);
      this.counts[to] = oldCounts[slot];
    }
  }
}
