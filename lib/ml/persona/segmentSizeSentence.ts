/** A persona description's first sentence: the segment's size and its share of the run's users. */
export function segmentSizeSentence(name: string, size: number, share: number): string {
  return `${name}: ${size.toLocaleString('en-US')} users (${Math.round(share * 1000) / 10}% of all).`;
}

const storedSizeSentence = /^(.*?): [\d,]+ users \(\d+(?:\.\d+)?% of all\)\./;

/**
 * The description with its size sentence giving `size` and `share`. The stored description is
 * written at training, while a segment's size follows the users profiled since (and erasures), so
 * the card's size and its first sentence disagreed once new users arrived.
 */
export function withCurrentSize(description: string, size: number, share: number): string {
  const stored = storedSizeSentence.exec(description);
  if (!stored) return description;
  return segmentSizeSentence(stored[1], size, share) + description.slice(stored[0].length);
}
