import { describe, expect, it } from 'vitest';
import type { Persona } from '@/lib/runs/persona.types';
import { redactSensitive } from './redactSensitive';
import { sensitiveNames } from './sensitiveNames';

const persona: Persona = {
  name: 'Evening skincare buyers',
  description:
    'Evening skincare buyers: 321 users (21.4% of all). 38.2% have age < 27 (vs 23.6% overall). 72.4% have gender female (vs 53.2% overall). 52.5% have signup_channel social (vs 22.4% overall). 91.9% are at risk of churning.',
  size: 321,
  share: 0.214,
  traits: [],
  topCategories: [],
  keywords: [],
  attributes: {
    age: [{ value: '< 27', share: 0.382, populationShare: 0.236 }],
    Gender: [{ value: 'female', share: 0.724, populationShare: 0.532 }],
    signup_channel: [{ value: 'social', share: 0.525, populationShare: 0.224 }],
  },
  sentiment: { mean: null, textUsers: 0 },
  topItems: [],
  churnShare: 0.919,
  nextInterests: [],
  representativeUsers: [],
  activity: [],
};

describe('redactSensitive', () => {
  it('drops a sensitive attribute and its sentence in the description, matching names case-insensitively', () => {
    const redacted = redactSensitive(persona, sensitiveNames(['gender']));
    expect(Object.keys(redacted.attributes)).toEqual(['age', 'signup_channel']);
    expect(redacted.description).not.toMatch(/female|gender/i);
    expect(redacted.description).toBe(
      'Evening skincare buyers: 321 users (21.4% of all). 38.2% have age < 27 (vs 23.6% overall). 52.5% have signup_channel social (vs 22.4% overall). 91.9% are at risk of churning.',
    );
  });

  it('returns the persona as it was when nothing is sensitive', () => {
    expect(redactSensitive(persona, sensitiveNames([]))).toBe(persona);
  });
});
