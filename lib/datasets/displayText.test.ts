import { describe, expect, it } from 'vitest';
import { computeBehaviourFeatures } from '@/lib/ml/features/behaviourFeatures';
import { defaultPipelineSettings, type EventTable } from '@/lib/ml/types';
import { displaySettingsFrom, displaySettingsSchema } from './displaySettings';
import { displayName, formatMoney, moneyFeatureNames } from './displayText';

describe('a dataset’s display settings', () => {
  it('formats prices and spend in the dataset’s currency, and as plain numbers without one', () => {
    expect(formatMoney(1234.5, 'EUR')).toBe('€1,235');
    expect(formatMoney(12.5, 'EUR')).toBe('€12.50');
    expect(formatMoney(12.5, 'USD')).toBe('$12.50');
    expect(formatMoney(12.5, null)).toBe('12.50');
    expect(formatMoney(Number.NaN, 'EUR')).toBe('—');
  });

  it('uses a dataset’s display name before the default one', () => {
    expect(displayName('signup_channel')).toBe('Signup channel');
    expect(displayName('signup_channel', { signup_channel: 'Came from' })).toBe('Came from');
    expect(displayName('add_to_cart', { signup_channel: 'Came from' })).toBe('Add to cart');
  });

  it('accepts ISO currency codes in any case and refuses others', () => {
    expect(displaySettingsSchema.parse({ currency: 'eur' }).currency).toBe('EUR');
    expect(displaySettingsSchema.parse({ currency: null }).currency).toBeNull();
    expect(displaySettingsSchema.safeParse({ currency: 'EURO' }).success).toBe(false);
    expect(displaySettingsSchema.safeParse({ currency: 'XYZ' }).success).toBe(false);
    expect(displaySettingsFrom({ horizonDays: 30 })).toEqual({ currency: null, displayNames: {} });
  });

  it('knows every money feature the pipeline computes', () => {
    const day = 86_400_000;
    const events: EventTable = {
      userIds: ['a', 'b'],
      itemIds: ['x', 'y'],
      types: ['view', 'purchase'],
      user: Int32Array.from([0, 0, 1, 1]),
      item: Int32Array.from([0, 1, 0, 1]),
      type: Int32Array.from([0, 1, 0, 1]),
      ts: Float64Array.from([0, day, 2 * day, 3 * day]),
      value: Float64Array.from([Number.NaN, 20, Number.NaN, 30]),
      text: [null, null, null, null],
    };
    const items = { titles: ['X', 'Y'], categories: [['c'], ['d']], price: Float64Array.from([10, 20]) };
    const features = computeBehaviourFeatures(events, items, defaultPipelineSettings, 5 * day);
    const money = features.describe.filter((feature) => feature.unit === 'money').map((feature) => feature.name);
    expect(money.length).toBeGreaterThan(0);
    expect(money.sort()).toEqual([...moneyFeatureNames].sort());
  });
});
