import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closePools } from '@/lib/db/connection';
import { uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { seedDatasetWithRun } from '@/test/helpers/seedRun';
import { registerEvaluate } from './evaluate';
import { registerSettings } from './settings';

interface RecommendReport {
  split: string;
  holdoutFraction: number;
  ndcg: number;
  precision: number;
  recall: number;
  users: number;
}

/** Runs one CLI command in this process; returns what it printed and the error it ended with. */
async function cli(...args: string[]): Promise<{ out: string; error: Error | null }> {
  const program = new Command('portrait').exitOverride();
  registerEvaluate(program);
  registerSettings(program);
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => out.push(parts.join(' ')));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  let error: Error | null = null;
  try {
    await program.parseAsync(['node', 'portrait', ...args]);
  } catch (caught) {
    error = caught as Error;
  }
  vi.restoreAllMocks();
  return { out: out.join('\n'), error };
}

async function evaluateRecommend(dataset: string, ...args: string[]): Promise<RecommendReport> {
  const run = await cli('evaluate', '--dataset', dataset, '--json', ...args);
  expect(run.error).toBeNull();
  return (JSON.parse(run.out) as { recommend: RecommendReport }).recommend;
}

const figures = ({ ndcg, precision, recall, users }: RecommendReport) => ({ ndcg, precision, recall, users });

describe('portrait evaluate and the dataset’s recommendSplit', () => {
  const dataset = uniqueDatasetName('cli-evaluate-split');

  beforeAll(async () => {
    await seedDatasetWithRun({ name: dataset, users: 300, seed: 3 });
  });

  afterAll(async () => {
    await closePools();
  });

  it('measures on the split the dataset names unless --split overrides it', async () => {
    const before = await evaluateRecommend(dataset);
    expect(before).toMatchObject({ split: 'time', holdoutFraction: 0.2 });

    const set = await cli('settings', '--dataset', dataset, '--recommend-split', 'random');
    expect(set.error).toBeNull();
    expect(set.out).toContain('recommender split:     random');

    const byDefault = await evaluateRecommend(dataset);
    const random = await evaluateRecommend(dataset, '--split', 'random');
    expect(byDefault).toMatchObject({ split: 'random', holdoutFraction: 0.25 });
    expect(figures(byDefault)).toEqual(figures(random));
    // the two splits hold out different items, so equal figures above are the setting's doing
    expect(figures(random)).not.toEqual(figures(before));

    const time = await evaluateRecommend(dataset, '--split', 'time');
    expect(time.split).toBe('time');
    expect(figures(time)).toEqual(figures(before));
  }, 240_000);

  it('refuses a split it does not know, in settings and in evaluate', async () => {
    const set = await cli('settings', '--dataset', dataset, '--recommend-split', 'latest');
    expect(set.error?.message).toMatch(/^Settings not changed: recommendSplit: /);
    expect((await cli('evaluate', '--dataset', dataset, '--split', 'latest')).error?.message).toBe(
      '--split must be time or random',
    );
  });
});
