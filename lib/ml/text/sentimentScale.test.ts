import { describe, expect, it } from 'vitest';
import { readableSentiment } from '@/lib/export/readableNumbers';
import { describeSentiment, sentimentTone } from './sentimentScale';

describe('sentiment scale', () => {
  it('reads +0.25 and above as positive, -0.25 and below as negative, the rest as mixed', () => {
    expect(sentimentTone(0.25)).toBe('positive');
    expect(sentimentTone(0.19)).toBe('mixed');
    expect(sentimentTone(-0.24)).toBe('mixed');
    expect(sentimentTone(-0.25)).toBe('negative');
  });

  it('is the scale the exports use, so a header and a persona text never disagree', () => {
    for (const mean of [-0.6, -0.25, -0.1, 0, 0.19, 0.25, 0.8]) {
      expect(readableSentiment(mean)).toBe(describeSentiment(mean));
      expect(readableSentiment(mean)).toContain(sentimentTone(mean));
    }
    expect(describeSentiment(0.19)).toBe('mixed (+0.19)');
  });
});
