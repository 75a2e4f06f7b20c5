import { describe, expect, it } from 'vitest';
import { segmentSizeSentence, withCurrentSize } from './segmentSizeSentence';

describe('withCurrentSize', () => {
  it("restates the size sentence with the segment's current size, keeping the rest", () => {
    const stored = `${segmentSizeSentence('Light users', 45, 45 / 63)} Compared with everyone: fewer events.`;
    expect(stored.startsWith('Light users: 45 users (71.4% of all).')).toBe(true);
    expect(withCurrentSize(stored, 1_048, 1_048 / 1_441)).toBe(
      'Light users: 1,048 users (72.7% of all). Compared with everyone: fewer events.',
    );
  });

  it('keeps a name with a colon, and leaves a description without the sentence as it is', () => {
    expect(withCurrentSize('Fans: vinyl: 3 users (50% of all). More.', 4, 0.5)).toBe(
      'Fans: vinyl: 4 users (50% of all). More.',
    );
    expect(withCurrentSize('No size here.', 4, 0.5)).toBe('No size here.');
  });
});
