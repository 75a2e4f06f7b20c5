import { describe, expect, it } from 'vitest';
import { AttributeKinds } from './attributeKinds';

describe('AttributeKinds', () => {
  it('types a column by all its values, and names a number column a stray token made text', () => {
    const kinds = new AttributeKinds();
    for (let i = 0; i < 20; i++) kinds.observe('age', String(20 + i));
    kinds.observe('age', 'unknown');
    for (const value of ['free', 'premium', 'free', '3', '4', '5', '6', '7']) kinds.observe('plan', value);
    for (const value of ['yes', 'no']) kinds.observe('member', value);
    expect(kinds.kinds()).toEqual(
      new Map([
        ['age', 'string'],
        ['plan', 'string'],
        ['member', 'boolean'],
      ]),
    );
    expect(kinds.mostlyNumbers()).toEqual([{ name: 'age', numbers: 20, others: 1, examples: ['unknown'] }]);
  });

  it('says nothing of a column with too few numbers to tell', () => {
    const kinds = new AttributeKinds();
    for (const value of ['1', '2', 'n/k']) kinds.observe('floor', value);
    expect(kinds.mostlyNumbers()).toEqual([]);
  });
});
