import { describe, expect, it } from 'vitest';
import { displayName } from '@/components/displayName';

describe('display names of attributes and event types', () => {
  it('turns snake_case and kebab-case names into words with a capital', () => {
    expect(displayName('signup_channel')).toBe('Signup channel');
    expect(displayName('add-to-cart')).toBe('Add to cart');
    expect(displayName('age')).toBe('Age');
  });

  it('leaves names people already wrote as words alone', () => {
    expect(displayName('Country')).toBe('Country');
    expect(displayName('Signup channel')).toBe('Signup channel');
  });
});
