import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { datasetCounts, tempFolder, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { importFiles } from './importFiles';

const childScript = path.resolve(import.meta.dirname, '../../test/fixtures/ingest/importInChild.ts');
const files = tempFolder('kill');

afterAll(async () => {
  await closePools();
});

function largeEventsCsv(rows: number): string {
  const lines = ['user_id,item_id,type,ts,value,text'];
  for (let row = 0; row < rows; row++)
    lines.push(`k${row % 5000},i${row % 700},view,${1_700_000_000 + row},${row % 7},`);
  return `${lines.join('\n')}\n`;
}

/** Starts the import in a child process and SIGKILLs it once it has read `killAt` rows. */
function importAndKill(
  datasetName: string,
  file: string,
  killAt: number,
): Promise<{ signal: string | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, datasetName, file, String(killAt)], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('loading')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, output }));
  });
}

describe('a killed import', () => {
  it('leaves the dataset exactly as before, and a later import works', async () => {
    const name = uniqueDatasetName('killed');
    const before = await importFiles({
      datasetName: name,
      events: files.write(
        'before.csv',
        'user_id,item_id,type,ts\nu1,i1,view,2024-01-01\nu2,i2,view,2024-01-02\nu2,i1,buy,2024-01-03\n',
      ),
    });
    expect(before.ok).toBe(true);
    const countsBefore = await datasetCounts(name);

    const large = files.write('large.csv', largeEventsCsv(120_000));
    const killed = await importAndKill(name, large, 50_000);
    expect(killed.signal, killed.output).toBe('SIGKILL');
    expect(killed.output).not.toContain('done');

    const after = await importFiles({
      datasetName: name,
      events: files.write('after.csv', 'user_id,item_id,type,ts\nu3,i1,view,2024-02-01\n'),
    });
    expect(after.ok).toBe(true);
    expect(await datasetCounts(name)).toEqual({
      ...countsBefore,
      events: countsBefore.events + 1,
      users: countsBefore.users + 1,
      batches: countsBefore.batches + 1,
    });
    const stages = await getPool().query(`SELECT tablename FROM pg_tables WHERE tablename LIKE 'import_stage_%'`);
    expect(stages.rows).toEqual([]);
  });
});
