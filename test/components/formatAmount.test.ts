import { describe, expect, it } from 'vitest';
import { formatAmount } from '@/components/format';

describe('formatAmount', () => {
  it('shows predicted amounts in the dataset currency as profiles do, and plain without one', () => {
    expect(formatAmount(1234.5, 'USD')).toBe('$1,235');
    expect(formatAmount(12.5, 'EUR')).toBe('€12.50');
    expect(formatAmount(1234.5)).toBe('1,234.50');
    expect(formatAmount(null, 'USD')).toBe('—');
  });
});
