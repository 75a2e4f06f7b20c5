import { describe, expect, it } from 'vitest';
import { awaitStoppable } from './awaitStoppable';

describe('awaitStoppable', () => {
  it('gives the work its result when nothing asks it to stop', async () => {
    let checks = 0;
    const work = new Promise<number>((resolve) => setTimeout(() => resolve(7), 60));
    expect(await awaitStoppable(work, () => checks++, 10)).toBe(7);
    expect(checks).toBeGreaterThan(1);
  });

  it('stops waiting as soon as the checkpoint throws, though the work never ends', async () => {
    let checks = 0;
    const never = new Promise<number>(() => {});
    const stop = new Error('Cancelled on request');
    await expect(
      awaitStoppable(
        never,
        () => {
          checks += 1;
          if (checks === 3) throw stop;
        },
        5,
      ),
    ).rejects.toBe(stop);
  });
});
