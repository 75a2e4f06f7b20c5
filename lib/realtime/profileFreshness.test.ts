import { describe, expect, it } from 'vitest';
import { followingOutputs } from './profileFreshness';

describe('followingOutputs', () => {
  it('names only the scores, guesses and recommendations the run has', () => {
    expect(followingOutputs([], false)).toEqual(['segment', 'map position', 'profile features', 'audiences']);
    expect(followingOutputs(['churn', 'value:90d', 'attr:plan'], true)).toEqual([
      'segment',
      'map position',
      'profile features',
      'churn and predicted value scores',
      'guesses of the attributes the user lacks',
      'recommendations',
      'audiences',
    ]);
    expect(followingOutputs(['churn'], false)).toContain('churn scores');
  });
});
