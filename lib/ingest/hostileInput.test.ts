import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ensureDataset } from '@/lib/datasets/ensureDataset';
import { closePools, getPool } from '@/lib/db/connection';
import { datasetCounts, tempFolder, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { parseColumnMapping } from './columnMapping';
import { importFiles } from './importFiles';
import { ingestEventRecords } from './ingestEventRecords';
import { MAX_ID_LENGTH } from './limits';

const files = tempFolder('hostile');
process.env.PORTRAIT_DATA_DIR = files.path('data');
const header = 'user_id,item_id,type,ts';
const savedEnv = { ...process.env };

afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

afterAll(async () => {
  await closePools();
});

async function importOne(name: string, file: string, options: Partial<Parameters<typeof importFiles>[0]> = {}) {
  const datasetName = uniqueDatasetName(name);
  const result = await importFiles({ datasetName, events: file, ...options });
  return { result, batch: result.batches[0], datasetName };
}

function rows(count: number, row = (i: number) => `u${i % 50},i${i % 7},view,2024-01-0${1 + (i % 9)}T10:00:00Z`) {
  return Array.from({ length: count }, (_, i) => row(i)).join('\n');
}

describe('import limits: a small hostile file stops with an error naming the limit and writes nothing', () => {
  it('stops a gzip file that expands past its multiple of the compressed size', async () => {
    process.env.PORTRAIT_GZIP_MAX_RATIO = '10';
    process.env.PORTRAIT_GZIP_MIN_EXPANDED_MB = '0.25';
    // 40,000 near-identical rows: about 1.4 MB of text in a few KB of gzip
    const file = files.write('bomb.csv.gz', `${header}\n${rows(40_000)}\n`, true);
    const { result, batch, datasetName } = await importOne('bomb', file);
    expect(result.ok).toBe(false);
    expect(batch.errors).toHaveLength(1);
    expect(batch.errors[0].reason).toMatch(/expands to more than [\d.]+ MB when decompressed/);
    expect(batch.errors[0].reason).toContain('PORTRAIT_GZIP_MAX_RATIO');
    expect(await datasetCounts(datasetName)).toMatchObject({ exists: false, events: 0 });

    process.env.PORTRAIT_GZIP_MIN_EXPANDED_MB = '4';
    const allowed = await importOne('bomb-allowed', file);
    expect(allowed.result.ok).toBe(true);
    expect(allowed.batch.rowsRead).toBe(40_000);
  });

  it('stops a gzip file past the absolute cap whatever its ratio', async () => {
    process.env.PORTRAIT_GZIP_MAX_EXPANDED_MB = '0.5';
    const file = files.write('capped.csv.gz', `${header}\n${rows(40_000)}\n`, true);
    const { batch } = await importOne('capped', file);
    expect(batch.errors[0].reason).toContain('PORTRAIT_GZIP_MAX_EXPANDED_MB');
  });

  it('stops a gzipped file of nothing but line breaks within the first empty lines', async () => {
    const file = files.write('newlines.csv.gz', `${header}\n${'\n'.repeat(3_000_000)}`, true);
    const { batch } = await importOne('newlines', file);
    expect(batch.errors).toHaveLength(1);
    expect(batch.errors[0].reason).toMatch(/more than 100,000 empty lines.*not a data file/);
    expect(batch.errors[0].line).toBeLessThan(200_000);
  });

  it('stops a file of short lines that do not match the header once they far outnumber the good rows', async () => {
    const file = files.write(
      'short-lines.csv.gz',
      `${header}\nu1,i1,view,2024-01-01\n${'x\n'.repeat(1_500_000)}`,
      true,
    );
    const { batch } = await importOne('short-lines', file, { skipInvalid: true });
    expect(batch.errors[0].reason).toMatch(/more than 100,000 rows by line \d+ do not have the header's 4 fields/);
    expect(batch.errorCount).toBeLessThan(200_000);
  });

  it.each([
    ['one endless CSV line', 'long.csv', `${header}\nu1,i1,view,${'x'.repeat(100_000)}\n`, 2],
    [
      'one endless NDJSON line of spaces',
      'spaces.ndjson',
      `{"user_id":"u1","type":"view","ts":1704103200}\n${' '.repeat(100_000)}\n`,
      2,
    ],
    ['a quoted field over many short lines', 'quoted.csv', `${header}\nu1,i1,view,"${'ab\n'.repeat(30_000)}"\n`, null],
  ])('stops %s at the line length limit and names its line', async (_label, name, content, line) => {
    process.env.PORTRAIT_IMPORT_MAX_LINE_KB = '64';
    const { result, batch } = await importOne('long', files.write(name, content));
    expect(result.ok).toBe(false);
    expect(batch.errors).toHaveLength(1);
    if (line !== null) expect(batch.errors[0].line).toBe(line);
    expect(batch.errors[0].reason).toMatch(/longer than 64 KB.*\(PORTRAIT_IMPORT_MAX_LINE_KB\)/);
  });

  it('refuses a header with more columns than PORTRAIT_IMPORT_MAX_FIELDS, and an NDJSON object with more keys', async () => {
    process.env.PORTRAIT_IMPORT_MAX_FIELDS = '50';
    const wide = Array.from({ length: 60 }, (_, i) => `c${i}`).join(',');
    const csv = await importOne('wide', files.write('wide.csv', `${header},${wide}\n`));
    expect(csv.batch.errors[0]).toMatchObject({ line: 1 });
    expect(csv.batch.errors[0].reason).toMatch(/64 columns; at most 50 are read \(PORTRAIT_IMPORT_MAX_FIELDS\)/);

    const keys = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i]));
    const ndjson = `{"user_id":"u1","type":"view","ts":1704103200}\n${JSON.stringify({ user_id: 'u2', type: 'view', ts: 1704103200, ...keys })}\n`;
    const object = await importOne('wide-json', files.write('wide.ndjson', ndjson));
    expect(object.batch.errors).toEqual([
      expect.objectContaining({
        line: 2,
        reason: expect.stringMatching(/63 keys; at most 50.*PORTRAIT_IMPORT_MAX_FIELDS/),
      }),
    ]);
  });
});

describe('import: input that would be read wrongly is refused with its line', () => {
  it('refuses invalid UTF-8 and names its line, instead of storing U+FFFD', async () => {
    const file = files.path('latin1.csv');
    const latin1 = Buffer.concat([
      Buffer.from(`${header},text\nu1,i1,view,2024-01-01,fine\nu2,i1,view,2024-01-02,caf`),
      Buffer.from([0xe9]),
      Buffer.from('\nu3,i1,view,2024-01-03,ok\n'),
    ]);
    writeFileSync(file, latin1);
    const { result, batch, datasetName } = await importOne('latin1', file);
    expect(result.ok).toBe(false);
    expect(batch.errors).toEqual([
      expect.objectContaining({ line: 3, reason: 'line 3 is not valid UTF-8 (byte 0xE9): save the file as UTF-8' }),
    ]);
    expect(await datasetCounts(datasetName)).toMatchObject({ exists: false });

    const gzipped = files.path('latin1.csv.gz');
    writeFileSync(gzipped, gzipSync(latin1));
    expect((await importOne('latin1-gz', gzipped)).batch.errors[0]).toMatchObject({ line: 3 });
  });

  it('refuses a CSV header that names a column twice', async () => {
    const { result, batch } = await importOne(
      'dup-header',
      files.write('dup.csv', 'user_id,item_id,type,ts,User_ID\nu1,i1,view,2024-01-01,u2\n'),
    );
    expect(result.ok).toBe(false);
    expect(batch.errors).toEqual([
      expect.objectContaining({
        line: 1,
        reason: 'the header names column "User_ID" twice (columns 1 and 5): rename one',
      }),
    ]);
  });

  it('refuses an NDJSON object with a key twice, also through the API', async () => {
    const body =
      '{"user_id":"u1","type":"view","ts":1704103200}\n{"user_id":"a","type":"view","user_id":"b","ts":1704103200}\n';
    const { result, batch } = await importOne('dup-key', files.write('dup.ndjson', body));
    expect(result.ok).toBe(false);
    expect(batch.errors).toEqual([
      expect.objectContaining({ line: 2, reason: 'the key "user_id" appears twice in one object' }),
    ]);
    const id = await ensureDataset(uniqueDatasetName('dup-key-api'));
    const api = await ingestEventRecords(id, body);
    expect(api.errors).toEqual([{ index: 1, reason: 'the key "user_id" appears twice in one object' }]);
  });

  it('refuses a NUL inside an id rather than merging a\\u0000b with ab', async () => {
    const body =
      '{"user_id":"ab","type":"view","ts":1704103200}\n{"user_id":"a\\u0000b","type":"view","ts":1704103200}\n';
    const { batch } = await importOne('nul', files.write('nul.ndjson', body));
    expect(batch.errors).toEqual([
      expect.objectContaining({ line: 2, reason: 'user_id contains a NUL character (\\u0000)' }),
    ]);
    const items = await importFiles({
      datasetName: uniqueDatasetName('nul-items'),
      items: files.write('nul-items.ndjson', '{"item_id":"i\\u00001"}\n'),
    });
    expect(items.batches[0].errors[0].reason).toBe('item_id contains a NUL character (\\u0000)');
  });

  it('accepts ids up to MAX_ID_LENGTH characters and refuses longer ones for users, items and events', async () => {
    const longest = 'u'.repeat(MAX_ID_LENGTH);
    const tooLong = 'u'.repeat(MAX_ID_LENGTH + 1);
    const { result, batch } = await importOne(
      'long-id',
      files.write(
        'long-id.csv',
        `${header}\n${longest},i1,view,2024-01-01\n${tooLong},i1,view,2024-01-01\nu1,${tooLong},view,2024-01-01\n`,
      ),
    );
    expect(result.ok).toBe(false);
    expect(batch.errors.map(({ line, reason }) => [line, reason])).toEqual([
      [3, `user_id is ${MAX_ID_LENGTH + 1} characters long; ids may have at most ${MAX_ID_LENGTH}`],
      [4, `item_id is ${MAX_ID_LENGTH + 1} characters long; ids may have at most ${MAX_ID_LENGTH}`],
    ]);
    const users = await importFiles({
      datasetName: uniqueDatasetName('long-user'),
      users: files.write('long-users.csv', `user_id,country\n${tooLong},FR\n`),
    });
    expect(users.batches[0].errors[0]).toMatchObject({ line: 2, reason: expect.stringContaining('at most 512') });
  });
});

describe('import: timestamps outside the accepted window', () => {
  const outside = ['9999-12-31', '253402300800000', '0000-01-01', '-86400', '1989-12-31T23:59:59Z'];

  it('refuses times before 1990 or after tomorrow with their line, and accepts the edges', async () => {
    const tomorrow = new Date(Date.now() + 20 * 3_600_000).toISOString();
    const lines = [
      header,
      'u0,i1,view,1990-01-01',
      `u0,i1,view,${tomorrow}`,
      ...outside.map((ts, i) => `u${i + 1},i1,view,${ts}`),
    ];
    const { result, batch, datasetName } = await importOne(
      'window',
      files.write('window.csv', `${lines.join('\n')}\n`),
    );
    expect(result.ok).toBe(false);
    expect(batch.errors.map((error) => error.line)).toEqual([4, 5, 6, 7, 8]);
    expect(batch.errors[0].reason).toMatch(
      /^timestamp "9999-12-31" is outside the accepted range 1990-01-01 to \d{4}-\d{2}-\d{2} \(PORTRAIT_TS_MIN, PORTRAIT_TS_MAX_FUTURE_DAYS\)$/,
    );
    expect(await datasetCounts(datasetName)).toMatchObject({ exists: false });
  });

  it('takes its window from PORTRAIT_TS_MIN and PORTRAIT_TS_MAX_FUTURE_DAYS', async () => {
    process.env.PORTRAIT_TS_MIN = '1960-01-01';
    process.env.PORTRAIT_TS_MAX_FUTURE_DAYS = '400';
    const nextYear = new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10);
    const { result } = await importOne(
      'window-wide',
      files.write('window-wide.csv', `${header}\nu1,i1,view,1975-06-01\nu2,i1,view,${nextYear}\n`),
    );
    expect(result.ok).toBe(true);
  });

  it('answers the API with the index of each event outside the window, and writes nothing', async () => {
    const id = await ensureDataset(uniqueDatasetName('window-api'));
    const result = await ingestEventRecords(id, [
      { user_id: 'u1', type: 'view', ts: '2024-01-01' },
      { user_id: 'u2', type: 'view', ts: '9999-12-31' },
      { user_id: 'u3', type: 'view', ts: 253402300800000 },
    ]);
    expect(result.ok).toBe(false);
    expect(result.errors.map((error) => error.index)).toEqual([1, 2]);
    expect(result.errors[0].reason).toContain('outside the accepted range');
    const { rows } = await getPool().query('SELECT count(*)::int AS n FROM events WHERE dataset_id = $1', [id]);
    expect(rows[0].n).toBe(0);
  });
});

describe('import: importing what people have', () => {
  it('maps columns by position in a file without a header row', async () => {
    const file = files.write('headless.csv', 'u1,2024-01-01,i1,9.5\nu2,2024-01-02,i2,3\n');
    const mapping = parseColumnMapping('user_id=#1,ts=#2,item_id=#3,value=#4,type=:purchase');
    const { result, batch, datasetName } = await importOne('headless', file, { header: false, mapping });
    expect(result.ok).toBe(true);
    expect(batch).toMatchObject({ rowsRead: 2, inserted: 2 });
    const { rows } = await getPool().query(
      `SELECT e.user_id, e.item_id, e.type, e.value FROM events e JOIN datasets d ON d.id = e.dataset_id
       WHERE d.name = $1 ORDER BY e.user_id`,
      [datasetName],
    );
    expect(rows).toEqual([
      { user_id: 'u1', item_id: 'i1', type: 'purchase', value: 9.5 },
      { user_id: 'u2', item_id: 'i2', type: 'purchase', value: 3 },
    ]);
  });

  it('says which column a headerless file lacks, with a positional example', async () => {
    const file = files.write('headless-short.csv', 'u1,2024-01-01\n');
    const { batch } = await importOne('headless-short', file, { header: false, mapping: parseColumnMapping('ts=#2') });
    expect(batch.errors[0].reason).toBe(
      'missing required column "user_id"; missing required column "type" (columns: "#1", "#2"); map one with --map user_id=#1',
    );
  });

  it('maps a column by position in a file with a header too', async () => {
    const file = files.write('positional.csv', 'customer,when,what\nc1,2024-01-01,view\n');
    const { result } = await importOne('positional', file, {
      mapping: parseColumnMapping('user_id=#1,ts=#2,type=#3'),
    });
    expect(result.ok).toBe(true);
  });

  it('reports the fields a mapping leaves out that were read from same-named columns', async () => {
    const file = files.write('by-name.csv', 'CustomerID,ts,type,value\nc1,2024-01-01,view,2\n');
    const { batch } = await importOne('by-name', file, { mapping: parseColumnMapping('user_id=CustomerID') });
    expect(batch.readByName).toEqual([
      { target: 'type', column: 'type' },
      { target: 'ts', column: 'ts' },
      { target: 'value', column: 'value' },
    ]);
    const plain = await importOne('by-name-plain', file.replace('by-name', 'by-name'), {});
    expect(plain.batch.readByName).toEqual([]);
  });

  it('counts a bad line once when one file is read as events and users', async () => {
    const retail = path.resolve(import.meta.dirname, '../../test/fixtures/ingest/online_retail_head.csv');
    const mapping = parseColumnMapping(
      'user_id=CustomerID,item_id=StockCode,ts=InvoiceDate,ts_format=M/D/YYYY H:MM,type=:purchase,attributes=Country',
    );
    const result = await importFiles({
      datasetName: uniqueDatasetName('once'),
      events: retail,
      users: retail,
      mapping,
    });
    expect(result.batches.map((batch) => batch.errorCount)).toEqual([16, 16]);
    expect(result.badLines).toBe(16);
  });
});
