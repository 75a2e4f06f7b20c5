import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { readDisplaySettings } from '@/lib/datasets/displaySettings';
import { ensureDataset } from '@/lib/datasets/ensureDataset';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { readRetentionDays } from '@/lib/datasets/retentionSettings';
import { closePools } from '@/lib/db/connection';
import { rememberedImportMapping } from '@/lib/imports/importMappingMemory';
import { datasetCounts, tempFolder, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { CliError } from '../cliError';
import { registerApplyRetention } from './applyRetention';
import { registerImport } from './importData';
import { registerSettings } from './settings';

const files = tempFolder('cli');
process.env.PORTRAIT_DATA_DIR = files.path('data');

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await closePools();
});

/** Runs one CLI command in this process; returns what it printed and the error it ended with. */
async function cli(...args: string[]): Promise<{ out: string; err: string; error: Error | null }> {
  const program = new Command('portrait').exitOverride();
  registerImport(program);
  registerSettings(program);
  registerApplyRetention(program);
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => out.push(parts.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => err.push(parts.join(' ')));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  let error: Error | null = null;
  try {
    await program.parseAsync(['node', 'portrait', ...args]);
  } catch (caught) {
    error = caught as Error;
  }
  vi.restoreAllMocks();
  return { out: out.join('\n'), err: err.join('\n'), error };
}

describe('portrait import', () => {
  it('imports a file without a header with --no-header and columns mapped by position', async () => {
    const dataset = uniqueDatasetName('cli-headless');
    const file = files.write('headless.csv', 'c1,2024-01-01,view\nc2,2024-01-02,buy\n');
    const run = await cli(
      'import',
      '--dataset',
      dataset,
      '--events',
      file,
      '--no-header',
      '--map',
      'user_id=#1,ts=#2,type=#3',
    );
    expect(run.error).toBeNull();
    expect(await datasetCounts(dataset)).toMatchObject({ events: 2, users: 2 });
  });

  it('remembers a --map for the dataset, so the next import (in the browser too) starts from it', async () => {
    const dataset = uniqueDatasetName('cli-remember');
    const file = files.write('accounts.csv', 'user_id,seats\na1,4\na2,unknown\n');
    const run = await cli(
      'import',
      '--dataset',
      dataset,
      '--users',
      file,
      '--map',
      'user_id=user_id,missing_values=NA|unknown',
    );
    expect(run.error).toBeNull();
    expect(await rememberedImportMapping(dataset)).toEqual({
      columns: { user_id: 'user_id' },
      missingValues: ['NA', 'unknown'],
    });
  });

  it('does not suggest --skip-invalid for a file that lacks a required column', async () => {
    const file = files.write('no-ts.csv', 'user_id,type\nu1,view\n');
    const run = await cli('import', '--dataset', uniqueDatasetName('cli-missing'), '--events', file);
    expect(run.error).toBeInstanceOf(CliError);
    expect(run.err).toContain('missing required column "ts"');
    expect(run.error?.message).not.toContain('use --skip-invalid');
    expect(run.error?.message).toContain('--skip-invalid skips bad rows, not an unusable file');
  });

  it('suggests --skip-invalid for bad rows, and counts a bad line once when one file feeds events and users', async () => {
    const file = files.write('sales.csv', 'customer,ts,country\nc1,2024-01-01,FR\n,2024-01-02,DE\nc3,someday,NL\n');
    const run = await cli(
      'import',
      '--dataset',
      uniqueDatasetName('cli-once'),
      '--events',
      file,
      '--users',
      file,
      '--map',
      'user_id=customer,type=:purchase,attributes=country',
    );
    expect(run.error?.message).toContain('use --skip-invalid to import the good rows');
    expect(run.err.split('\n')[0]).toBe('2 bad lines:');
  });

  it('writes reject files into the dataset folder under .data/rejects, not beside the input, and says which fields were read by name', async () => {
    const dataset = uniqueDatasetName('cli-rejects');
    const file = files.write('shop.csv', 'customer,type,ts\nc1,view,2024-01-01\nc2,view,9999-01-01\n');
    const run = await cli(
      'import',
      '--dataset',
      dataset,
      '--events',
      file,
      '--skip-invalid',
      '--map',
      'user_id=customer',
    );
    expect(run.error).toBeNull();
    expect(run.out).toContain('not in --map, read by name: type from column "type", ts from column "ts"');
    const written = /Rejected rows written to (.+)/.exec(run.out)?.[1] as string;
    expect(path.relative(files.path('data'), written)).toMatch(/^rejects[/\\]\d+-cli-rejects/);
    expect(readFileSync(written, 'utf8')).toContain('c2,view,9999-01-01,"timestamp ""9999-01-01"" is outside');
  });
});

describe('portrait settings', () => {
  it('sets purchase types and the horizon of a dataset, and shows them', async () => {
    const dataset = uniqueDatasetName('cli-settings');
    const id = await ensureDataset(dataset);
    const run = await cli('settings', '--dataset', dataset, '--purchase-types', 'Buy, order', '--horizon-days', '7');
    expect(run.error).toBeNull();
    expect(run.out).toContain('purchase types:        buy, order');
    expect(await readPipelineSettings(id)).toMatchObject({ purchaseTypes: ['buy', 'order'], horizonDays: 7 });

    const shown = await cli('settings', '--dataset', dataset, '--json');
    expect(JSON.parse(shown.out)).toMatchObject({
      purchaseTypes: ['buy', 'order'],
      horizonDays: 7,
      segmentSizeFloor: 20,
    });
  });

  it('sets the currency and display names, clears the currency with "none", and refuses an unknown code', async () => {
    const dataset = uniqueDatasetName('cli-settings-display');
    const id = await ensureDataset(dataset);
    const run = await cli(
      'settings',
      '--dataset',
      dataset,
      '--currency',
      'eur',
      '--display-name',
      'signup_channel=Came from',
      '--display-name',
      'add_to_cart=Basket add',
    );
    expect(run.error).toBeNull();
    expect(run.out).toContain('currency:              EUR');
    expect(run.out).toContain('add_to_cart = Basket add, signup_channel = Came from');
    expect(await readDisplaySettings(id)).toEqual({
      currency: 'EUR',
      displayNames: { signup_channel: 'Came from', add_to_cart: 'Basket add' },
    });

    expect((await cli('settings', '--dataset', dataset, '--currency', 'euros')).error?.message).toMatch(
      /^Settings not changed: currency: must be an ISO 4217 currency code/,
    );
    expect((await cli('settings', '--dataset', dataset, '--currency', 'none')).error).toBeNull();
    expect(await readDisplaySettings(id)).toMatchObject({ currency: null });
  });

  it('refuses a value out of range and changes nothing', async () => {
    const dataset = uniqueDatasetName('cli-settings-bad');
    const id = await ensureDataset(dataset);
    const run = await cli('settings', '--dataset', dataset, '--horizon-days', '400', '--purchase-types', 'buy');
    expect(run.error?.message).toMatch(/^Settings not changed: horizonDays: /);
    expect(await readPipelineSettings(id)).toMatchObject({
      horizonDays: 30,
      purchaseTypes: ['purchase', 'order', 'buy'],
    });
    expect((await cli('settings', '--dataset', 'no-such-dataset')).error?.message).toBe(
      'No dataset named "no-such-dataset"',
    );
  });

  it('sets an event retention in days, applies it, clears it with "none", and refuses a bad number', async () => {
    const dataset = uniqueDatasetName('cli-retention');
    const events = tempFolder('cli-retention').write(
      'events.csv',
      `user_id,item_id,type,ts\nu1,i1,view,2001-01-01\nu1,i2,view,${new Date().toISOString().slice(0, 10)}\n`,
    );
    expect((await cli('import', '--dataset', dataset, '--events', events)).error).toBeNull();
    const run = await cli('settings', '--dataset', dataset, '--retention-days', '365');
    expect(run.error).toBeNull();
    expect(run.out).toContain('event retention:       365 days');
    const applied = await cli('apply-retention', '--dataset', dataset);
    expect(applied.out).toMatch(/^Deleted 1 events of .+ dated before /);
    expect(await datasetCounts(dataset)).toMatchObject({ events: 1 });

    expect((await cli('settings', '--dataset', dataset, '--retention-days', 'a year')).error?.message).toBe(
      '--retention-days must be a whole number, not "a year"',
    );
    expect((await cli('settings', '--dataset', dataset, '--retention-days', '0')).error?.message).toMatch(
      /^Settings not changed: retentionDays: /,
    );
    const id = (await ensureDataset(dataset)) as number;
    expect(await readRetentionDays(id)).toBe(365);
    expect((await cli('settings', '--dataset', dataset, '--retention-days', 'none')).error).toBeNull();
    expect(await readRetentionDays(id)).toBeNull();
  });
});
