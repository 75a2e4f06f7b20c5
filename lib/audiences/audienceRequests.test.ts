import { describe, expect, it } from 'vitest';
import { holdoutReportQuery } from './audienceRequests';

describe('holdoutReportQuery', () => {
  it('takes the start of the window as a date or a time with its offset, and refuses anything else', () => {
    expect(holdoutReportQuery.parse({ goal: 'purchase', since: '2024-03-01' }).since).toBe('2024-03-01');
    expect(holdoutReportQuery.parse({ goal: 'purchase', since: '2024-03-01T10:00:00+02:00' }).since).toBe(
      '2024-03-01T10:00:00+02:00',
    );
    expect(holdoutReportQuery.safeParse({ goal: 'purchase', since: 'last week' }).success).toBe(false);
    expect(holdoutReportQuery.safeParse({ goal: 'purchase', since: '2024-02-30' }).success).toBe(false);
  });
});
