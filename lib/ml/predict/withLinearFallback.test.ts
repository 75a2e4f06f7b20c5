import { describe, expect, it } from 'vitest';
import type { PredictorFamily } from './fitPredictor';
import { withLinearFallback } from './withLinearFallback';

describe('withLinearFallback', () => {
  it('keeps the families that fitted, and fits the linear model alone when boosted trees fail', async () => {
    const tried: PredictorFamily[][] = [];
    const fitted = await withLinearFallback(['linear', 'boosting'], async (families) => families.join('+'));
    expect(fitted).toEqual({ result: 'linear+boosting', families: ['linear', 'boosting'], note: null });

    const fallback = await withLinearFallback(['linear', 'boosting'], async (families) => {
      tried.push(families);
      if (families.includes('boosting')) throw new RangeError('memory access out of bounds');
      return 'linear only';
    });
    expect(tried).toEqual([['linear', 'boosting'], ['linear']]);
    expect(fallback).toEqual({
      result: 'linear only',
      families: ['linear'],
      note: 'boosted trees failed (memory access out of bounds); linear model only',
    });
  });

  it('keeps the items family when boosted trees fail', async () => {
    const fallback = await withLinearFallback(['linear', 'boosting', 'items'], async (families) => {
      if (families.includes('boosting')) throw new RangeError('memory access out of bounds');
      return families.join('+');
    });
    expect(fallback).toEqual({
      result: 'linear+items',
      families: ['linear', 'items'],
      note: 'boosted trees failed (memory access out of bounds); linear models only',
    });
  });

  it('lets a failure without boosted trees through', async () => {
    await expect(
      withLinearFallback(['linear'], async () => {
        throw new Error('bad labels');
      }),
    ).rejects.toThrow('bad labels');
  });
});
