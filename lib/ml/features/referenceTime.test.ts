import { describe, expect, it } from 'vitest';
import { referenceTime } from './referenceTime';

const now = Date.UTC(2026, 11, 4, 12);

describe('referenceTime', () => {
  it('is the last event, leaving out events after the server clock plus a day', () => {
    const last = Date.UTC(2026, 10, 30);
    expect(referenceTime([Date.UTC(2026, 0, 1), last, Date.UTC(9999, 11, 31), Date.UTC(2030, 0, 1)], now)).toEqual({
      ms: last,
      later: 2,
    });
    const tomorrow = now + 20 * 3_600_000;
    expect(referenceTime([Date.UTC(2026, 0, 1), tomorrow], now)).toEqual({ ms: tomorrow, later: 0 });
  });

  it('falls back to the latest event when every event is in the future', () => {
    expect(referenceTime([Date.UTC(2031, 0, 1), Date.UTC(2030, 0, 1)], now)).toEqual({
      ms: Date.UTC(2031, 0, 1),
      later: 0,
    });
  });
});
