import { describe, expect, it } from 'vitest';
import english from '@/messages/en.json';
import chinese from '@/messages/zh-CN.json';
import {
  compareTargets,
  describeTarget,
  isHiddenAttribute,
  parseTarget,
  targetLabel,
  targetRegistry,
} from './targetRegistry';
import { targetTrainings } from './targetTrainings';

// Everything here iterates the registry: a target added to it is checked by these tests as is,
// beside the tests of its own training.
const sampleParameter = { churn: '', propensity: 'Cameras: DSLR', value: '90', attribute: 'age_band', goal: '12' };

describe('the prediction target registry', () => {
  it('reads back every name it makes, and no two targets claim the same name', () => {
    for (const definition of targetRegistry) {
      const name = definition.nameOf(sampleParameter[definition.key]);
      const claimed = targetRegistry.filter((other) => other.pattern.test(name));
      expect(
        claimed.map((other) => other.key),
        name,
      ).toEqual([definition.key]);
      expect(parseTarget(name)).toEqual({ definition, parameter: sampleParameter[definition.key] });
    }
    expect(parseTarget('unknown:thing')).toBeNull();
  });

  it('has training for every target, and the metric and baseline each target declares', () => {
    for (const definition of targetRegistry) {
      expect(targetTrainings[definition.key], definition.key).toBeDefined();
      expect(definition.baseline.length, definition.key).toBeGreaterThan(10);
      expect(definition.labels.length, definition.key).toBeGreaterThan(10);
      expect(definition.features.length, definition.key).toBeGreaterThan(10);
    }
  });

  it("names the dashboard's messages that word each target, in every language", () => {
    for (const messages of [english, chinese]) {
      for (const definition of targetRegistry) {
        expect(messages.Conditions, definition.key).toHaveProperty(definition.messages.condition);
        if (definition.messages.plain)
          expect(messages.PlainQuality, definition.key).toHaveProperty(definition.messages.plain);
      }
    }
  });

  it('labels targets with their name and horizon, a goal with the name its quality record holds', () => {
    expect(targetLabel('churn', 'en')).toBe('Churn');
    expect(targetLabel('propensity:Cameras', 'en')).toBe('Propensity: Cameras');
    expect(targetLabel('value:90d', 'zh')).toBe('预测消费（未来 90 天）');
    // a stage skipped as a whole is stored under its bare key
    expect(targetLabel('propensity', 'en')).toBe('Propensity');
    expect(targetLabel('propensity', 'zh')).toBe('购买倾向');
    expect(targetLabel('value', 'en')).toBe('Predicted spend');
    expect(targetLabel('value', 'zh')).toBe('预测消费');
    expect(targetLabel('attr:age_band', 'en')).toBe('Attribute: age_band');
    const goal = {
      id: 12,
      name: 'Buys books',
      eventType: 'purchase',
      category: 'Books',
      minValue: null,
      horizonDays: 30,
    };
    expect(targetLabel('goal:12', 'en', { goal })).toBe('Goal: Buys books');
    expect(targetLabel('goal:12', 'en')).toBe('Goal: goal 12');
    expect(describeTarget('goal:12', { goal })).toEqual({ key: 'goal', parameter: '12', name: 'Buys books', days: 30 });
    expect(targetLabel('something:else', 'en')).toBe('something:else');
  });

  it('orders targets as the registry lists them, and hides only attribute targets of hidden names', () => {
    expect(['attr:age', 'goal:3', 'propensity:B', 'churn', 'value:90d', 'propensity:A'].sort(compareTargets)).toEqual([
      'churn',
      'propensity:A',
      'propensity:B',
      'value:90d',
      'goal:3',
      'attr:age',
    ]);
    expect(isHiddenAttribute('attr:religion', new Set(['religion']))).toBe(true);
    expect(isHiddenAttribute('propensity:religion', new Set(['religion']))).toBe(false);
  });
});
