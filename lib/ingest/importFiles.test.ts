import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventPartitionName } from '@/lib/datasets/eventPartition';
import { closePools, getPool } from '@/lib/db/connection';
import { datasetCounts, tempFolder, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { cleanupStaleStaging } from './cleanupStaleStaging';
import { parseColumnMapping } from './columnMapping';
import { importFiles } from './importFiles';

const files = tempFolder('import');
// reject files go beside the dataset's data: keep this test's data folder out of the worktree
const dataDir = files.path('data');
process.env.PORTRAIT_DATA_DIR = dataDir;
const header = 'user_id,item_id,type,ts,value,text';

afterAll(async () => {
  await closePools();
});

async function eventRows(datasetName: string) {
  const { rows } = await getPool().query(
    `SELECT e.user_id, e.item_id, e.type, e.ts, e.value, e.text, e.fingerprint FROM events e
     JOIN datasets d ON d.id = e.dataset_id WHERE d.name = $1 ORDER BY e.user_id, e.ts, e.type`,
    [datasetName],
  );
  return rows as {
    user_id: string;
    item_id: string | null;
    type: string;
    ts: Date;
    value: number | null;
    text: string | null;
    fingerprint: string;
  }[];
}

describe('importFiles: formats', () => {
  it('reads a CSV with a BOM, blank lines and quoted line breaks, and names the physical line of a bad record', async () => {
    const csv = [
      `\uFEFF${header}`,
      'u1,i1,view,2024-01-01T10:00:00Z,,"first line',
      'second line"',
      '',
      'u2,i2,Purchase ,2024-01-02 09:30,12.50,',
      'u3,i3,view,not-a-date,,"a ""quoted"" text',
      'spanning lines"',
    ].join('\n');
    const name = uniqueDatasetName('bom');
    const result = await importFiles({ datasetName: name, events: files.write('bom.csv', csv) });
    expect(result.ok).toBe(false);
    expect(result.batches[0].errors).toEqual([
      {
        file: files.path('bom.csv'),
        line: 6,
        reason: 'bad timestamp "not-a-date" (expected ISO 8601 or epoch seconds/ms)',
      },
    ]);
    expect(await datasetCounts(name)).toMatchObject({ exists: false, events: 0 });

    const fixed = csv.replace('not-a-date', '2024-01-03T00:00:00+02:00');
    const ok = await importFiles({ datasetName: name, events: files.write('bom-fixed.csv', fixed) });
    expect(ok.ok).toBe(true);
    expect(ok.batches[0]).toMatchObject({ rowsRead: 3, inserted: 3, duplicates: 0, errorCount: 0 });
    const rows = await eventRows(name);
    expect(rows.map((row) => [row.user_id, row.type, row.ts.toISOString(), row.value, row.text])).toEqual([
      ['u1', 'view', '2024-01-01T10:00:00.000Z', null, 'first line\nsecond line'],
      ['u2', 'purchase', '2024-01-02T09:30:00.000Z', 12.5, null],
      ['u3', 'view', '2024-01-02T22:00:00.000Z', null, 'a "quoted" text\nspanning lines'],
    ]);
  });

  it('gives the same events from CSV, NDJSON and gzip files', async () => {
    const csv = `${header}\nu1,i1,view,1704103200,,\nu1,i2,purchase,1704103200000,3.5,nice\nu2,,click,2024-01-01T10:00:00.000Z,,\n`;
    const ndjson = [
      '{"user_id":"u1","item_id":"i1","type":"view","ts":1704103200}',
      '',
      '{"user_id":"u1","item_id":"i2","type":"purchase","ts":"1704103200000","value":3.5,"text":"nice"}',
      '{"user_id":"u2","item_id":null,"type":"click","ts":"2024-01-01T10:00:00Z"}',
    ].join('\n');
    const fingerprints: string[][] = [];
    for (const [file, content, gzip] of [
      ['same.csv', csv, false],
      ['same.ndjson', ndjson, false],
      ['same.csv.gz', csv, true],
      ['same-ndjson.gz', ndjson, true],
    ] as const) {
      const name = uniqueDatasetName('formats');
      const result = await importFiles({ datasetName: name, events: files.write(file, content, gzip) });
      expect(result.ok, file).toBe(true);
      expect(result.batches[0].inserted, file).toBe(3);
      expect(result.batches[0].format, file).toBe(file.includes('ndjson') ? 'ndjson' : 'csv');
      fingerprints.push((await eventRows(name)).map((row) => row.fingerprint).sort());
    }
    expect(new Set(fingerprints.map((list) => list.join()))).toHaveProperty('size', 1);
  });
});

describe('importFiles: bad input writes nothing and names the line', () => {
  const cases: [string, string, string, number, string][] = [
    [
      'bad timestamp',
      'bad-ts.csv',
      `${header}\nu1,i1,view,2024-01-01,,\nu1,i1,view,2024-13-01,,\n`,
      3,
      'bad timestamp "2024-13-01"',
    ],
    [
      'non-numeric value',
      'bad-value.csv',
      `${header}\nu1,i1,purchase,2024-01-01,,\nu1,i1,purchase,2024-01-02,12 EUR,\n`,
      3,
      'value "12 EUR" is not a number',
    ],
    [
      'missing user_id',
      'no-user.csv',
      `${header}\nu1,i1,view,2024-01-01,,\n\n  ,i1,view,2024-01-02,,\n`,
      4,
      'missing user_id',
    ],
    [
      'wrong column count',
      'columns.csv',
      `${header}\nu1,i1,view,2024-01-01,,\nu1,i1,view,2024-01-02,,,extra\n`,
      3,
      'expected 6 fields, found 7',
    ],
    [
      'malformed JSON',
      'bad.ndjson',
      '{"user_id":"u1","type":"view","ts":1704103200}\n{"user_id":"u2",\n',
      2,
      'malformed JSON',
    ],
    [
      'JSON that is not an object',
      'array.ndjson',
      '{"user_id":"u1","type":"view","ts":1704103200}\n[1,2]\n',
      2,
      'not a JSON object',
    ],
  ];
  for (const [label, file, content, line, reason] of cases) {
    it(`rejects a row with a ${label}, names its line and writes nothing`, async () => {
      const name = uniqueDatasetName('bad');
      const seed = await importFiles({
        datasetName: name,
        events: files.write(`seed-${file}.csv`, `${header}\nu0,i0,view,2023-01-01,,\n`),
      });
      expect(seed.ok).toBe(true);
      const result = await importFiles({ datasetName: name, events: files.write(file, content) });
      expect(result.ok).toBe(false);
      expect(result.batches[0].errorCount).toBe(1);
      expect(result.batches[0].errors[0].file).toBe(files.path(file));
      expect(result.batches[0].errors[0].line).toBe(line);
      expect(result.batches[0].errors[0].reason).toContain(reason);
      expect(result.batches[0].batchId).toBeNull();
      expect(await datasetCounts(name)).toEqual({ exists: true, events: 1, users: 1, items: 1, batches: 1 });
    });
  }

  it('refuses a file without a required column with one error naming the file', async () => {
    const name = uniqueDatasetName('nocol');
    const file = files.write('no-user-column.csv', 'customer,item_id,type,ts\nc1,i1,view,2024-01-01\n');
    const result = await importFiles({ datasetName: name, events: file, skipInvalid: true });
    expect(result.ok).toBe(false);
    expect(result.batches[0].errorCount).toBe(1);
    expect(result.batches[0].errors[0]).toMatchObject({ file, line: 1 });
    expect(result.batches[0].errors[0].reason).toContain('missing required column "user_id"');
    expect(result.batches[0].errors[0].reason).toContain('"customer"');
    expect(await datasetCounts(name)).toMatchObject({ exists: false });
  });

  it('writes nothing from any file of an import when one file has a bad row', async () => {
    const name = uniqueDatasetName('allornothing');
    const result = await importFiles({
      datasetName: name,
      users: files.write('aon-users.csv', 'user_id,age\nu1,30\n'),
      events: files.write('aon-events.csv', `${header}\nu1,i1,view,yesterday,,\n`),
    });
    expect(result.ok).toBe(false);
    expect(result.batches.map((batch) => [batch.kind, batch.errorCount])).toEqual([
      ['users', 0],
      ['events', 1],
    ]);
    expect(await datasetCounts(name)).toMatchObject({ exists: false, users: 0 });
  });
});

describe('importFiles: skip-invalid, duplicates and stubs', () => {
  it('imports the good rows and writes the bad ones, escaped for spreadsheets, to the dataset rejects folder', async () => {
    const name = uniqueDatasetName('skip');
    const input = files.write(
      'skip.csv',
      `${header}\nu1,i1,view,2024-01-01,,\nu2,i1,view,2024-01-0x,,"has, comma"\nu3,i2,purchase,2024-01-02,abc,\n=HYPERLINK(1),i2,view,2024-01-0y,-3,\nu4,i2,view,2024-01-03,,\n`,
    );
    const result = await importFiles({ datasetName: name, events: input, skipInvalid: true });
    expect(result.ok).toBe(true);
    const rejectFile = result.batches[0].rejectFile as string;
    expect(result.batches[0]).toMatchObject({ rowsRead: 5, inserted: 2, rejected: 3, errorCount: 3 });
    expect(path.dirname(rejectFile)).toBe(path.join(dataDir, 'rejects', `${result.datasetId}-${name}`));
    expect(path.basename(rejectFile)).toMatch(/-events-skip\.rejects\.csv$/);
    expect(existsSync(`${input}.rejects.csv`)).toBe(false);
    expect(readFileSync(rejectFile, 'utf8')).toBe(
      `${header},_error\r\n` +
        'u2,i1,view,2024-01-0x,,"has, comma","bad timestamp ""2024-01-0x"" (expected ISO 8601 or epoch seconds/ms)"\r\n' +
        'u3,i2,purchase,2024-01-02,abc,,"value ""abc"" is not a number"\r\n' +
        `'=HYPERLINK(1),i2,view,2024-01-0y,-3,,"bad timestamp ""2024-01-0y"" (expected ISO 8601 or epoch seconds/ms)"\r\n`,
    );
    expect(await datasetCounts(name)).toMatchObject({ events: 2, users: 2 });
  });

  it('writes NDJSON rejects as the objects with an _error key, to a given path', async () => {
    const name = uniqueDatasetName('skipjson');
    const input = files.write(
      'skip.ndjson',
      '{"user_id":"u1","type":"view","ts":1704103200}\n{"type":"view","ts":1704103260}\n{oops\n',
    );
    const rejectPath = files.path('chosen.rejects.ndjson');
    const result = await importFiles({ datasetName: name, events: input, skipInvalid: true, rejectPath });
    expect(result.batches[0]).toMatchObject({ inserted: 1, rejected: 2, rejectFile: rejectPath });
    const lines = readFileSync(rejectPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toEqual({ type: 'view', ts: 1704103260, _error: 'missing user_id' });
    expect(lines[1]).toMatchObject({ _line: 3, _raw: '{oops' });
    expect(existsSync(`${input}.rejects.ndjson`)).toBe(false);
  });

  it('keeps identical rows of a file as repeat events, and adds nothing when the same file is imported again', async () => {
    const name = uniqueDatasetName('dedup');
    const input = files.write(
      'dedup.csv',
      `${header}\nu1,i1,view,2024-01-01T00:00:00Z,,\nu1 ,i1,VIEW,1704067200,,\nu1,i1,view,2024-01-01T00:00:00Z,1,\nu2,i1,view,2024-01-01,,\n`,
    );
    const first = await importFiles({ datasetName: name, events: input, chunkRows: 2 });
    expect(first.batches[0]).toMatchObject({ rowsRead: 4, inserted: 4, duplicates: 0 });
    const again = await importFiles({ datasetName: name, events: input });
    expect(again.ok).toBe(true);
    expect(again.batches[0]).toMatchObject({ rowsRead: 4, inserted: 0, duplicates: 4 });
    expect(await datasetCounts(name)).toMatchObject({ events: 4, batches: 2 });
  });

  it('creates stub users and items for events that name unknown ones, and real files replace the stubs', async () => {
    const name = uniqueDatasetName('stubs');
    const events = await importFiles({
      datasetName: name,
      events: files.write(
        'stub-events.csv',
        `${header}\nu1,i1,view,2024-01-01,,\nu2,i1,view,2024-01-01,,\nu2,,click,2024-01-02,,\n`,
      ),
    });
    expect(events.batches[0].stubsCreated).toEqual({ users: 2, items: 1 });
    const later = await importFiles({
      datasetName: name,
      users: files.write('stub-users.csv', 'user_id,age,member,city\nu1,34,yes,Paris\nu3,,no,Lyon\nu1,35,true,Paris\n'),
      items: files.write(
        'stub-items.csv',
        'item_id,title,category,price,description\ni1,Mug,Kitchen|Gifts| ,4.5,\ni2,Pen,,1,\n',
      ),
      events: files.write('stub-events-2.csv', `${header}\nu3,i2,view,2024-01-03,,\nu4,i9,view,2024-01-03,,\n`),
    });
    expect(later.ok).toBe(true);
    const [users, items, moreEvents] = later.batches;
    // u1 was a stub and i1 too: made real, so added, not updated
    expect(users).toMatchObject({
      kind: 'users',
      rowsRead: 3,
      inserted: 2,
      updated: 0,
      duplicates: 1,
      missing: { age: 1 },
    });
    expect(items).toMatchObject({
      kind: 'items',
      rowsRead: 2,
      inserted: 2,
      updated: 0,
      missing: { category: 1, description: 2 },
    });
    expect(moreEvents.stubsCreated).toEqual({ users: 1, items: 1 });

    const pool = getPool();
    const trackedUsers = await pool.query(
      'SELECT u.user_id, u.is_stub FROM tracked_users u JOIN datasets d ON d.id = u.dataset_id WHERE d.name = $1 ORDER BY 1',
      [name],
    );
    expect(trackedUsers.rows).toEqual([
      { user_id: 'u1', is_stub: false },
      { user_id: 'u2', is_stub: true },
      { user_id: 'u3', is_stub: false },
      { user_id: 'u4', is_stub: true },
    ]);
    const attributes = await pool.query(
      `SELECT a.user_id, a.name, a.kind, a.value_text, a.value_num FROM user_attributes a JOIN datasets d ON d.id = a.dataset_id
       WHERE d.name = $1 ORDER BY 1, 2`,
      [name],
    );
    expect(attributes.rows).toEqual([
      { user_id: 'u1', name: 'age', kind: 'number', value_text: null, value_num: 35 },
      { user_id: 'u1', name: 'city', kind: 'string', value_text: 'Paris', value_num: null },
      { user_id: 'u1', name: 'member', kind: 'boolean', value_text: 'true', value_num: 1 },
      { user_id: 'u3', name: 'city', kind: 'string', value_text: 'Lyon', value_num: null },
      { user_id: 'u3', name: 'member', kind: 'boolean', value_text: 'false', value_num: 0 },
    ]);
    const itemRows = await pool.query(
      `SELECT i.item_id, i.title, i.categories, i.price, i.is_stub FROM items i JOIN datasets d ON d.id = i.dataset_id
       WHERE d.name = $1 ORDER BY 1`,
      [name],
    );
    expect(itemRows.rows).toEqual([
      { item_id: 'i1', title: 'Mug', categories: ['Kitchen', 'Gifts'], price: 4.5, is_stub: false },
      { item_id: 'i2', title: 'Pen', categories: [], price: 1, is_stub: false },
      { item_id: 'i9', title: null, categories: [], price: null, is_stub: true },
    ]);
  });

  it('refuses to create a dataset from files without data rows, and adds nothing to an existing one from them', async () => {
    const name = uniqueDatasetName('header-only');
    const empty = files.write('header-only.csv', `${header}\n`);
    const refused = await importFiles({ datasetName: name, events: empty });
    expect(refused.ok).toBe(false);
    expect(refused.batches[0].errors).toEqual([
      {
        file: empty,
        line: 1,
        reason: 'the file has no data rows (only a header, or nothing), so no new dataset was created',
      },
    ]);
    expect(await datasetCounts(name)).toMatchObject({ exists: false });

    expect(
      (
        await importFiles({
          datasetName: name,
          events: files.write('one-row.csv', `${header}\nu1,i1,view,2024-01-01,,\n`),
        })
      ).ok,
    ).toBe(true);
    const nothingNew = await importFiles({ datasetName: name, events: empty });
    expect(nothingNew.ok).toBe(true);
    expect(nothingNew.batches[0]).toMatchObject({ rowsRead: 0, inserted: 0, errorCount: 0 });
    expect(await datasetCounts(name)).toMatchObject({ exists: true, events: 1 });
  });

  it('notes a users column stored as text because of a stray value, and how to keep it a number', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `u${i},${i === 5 ? 'unknown' : 20 + i}`);
    const name = uniqueDatasetName('stray');
    const file = files.write('stray-users.csv', `user_id,age\n${rows.join('\n')}\n`);
    const result = await importFiles({ datasetName: name, users: file });
    expect(result.ok).toBe(true);
    expect(result.batches[0].notes).toEqual([
      'age is stored as text: 11 of its values are numbers but 1 is not ("unknown"); to keep it a number, import the file again with those values as missing (Missing values on the Import screen, or --map "missing_values=unknown|NA|N/A|NULL|null|NaN|nan|#N/A")',
    ]);
    // read again with the token as missing: the column is a number for everyone, the token gone
    const again = await importFiles({
      datasetName: name,
      users: file,
      mapping: parseColumnMapping('missing_values=unknown|NA'),
    });
    expect(again.batches[0].notes).toBeUndefined();
    const kinds = await getPool().query(
      `SELECT a.kind, count(*)::int AS n FROM user_attributes a JOIN datasets d ON d.id = a.dataset_id
       WHERE d.name = $1 AND a.name = 'age' GROUP BY a.kind`,
      [name],
    );
    expect(kinds.rows).toEqual([{ kind: 'number', n: 11 }]);
  });

  it('reports users and items a file names again as updated, not added', async () => {
    const name = uniqueDatasetName('again');
    const usersFile = files.write('again-users.csv', 'user_id,plan\nu1,free\nu2,premium\n');
    const itemsFile = files.write('again-items.csv', 'item_id,title\ni1,Mug\n');
    const first = await importFiles({ datasetName: name, users: usersFile, items: itemsFile });
    expect(first.batches.map((batch) => [batch.inserted, batch.updated])).toEqual([
      [2, 0],
      [1, 0],
    ]);
    const again = await importFiles({
      datasetName: name,
      users: files.write('again-users-2.csv', 'user_id,plan\nu1,premium\nu3,free\n'),
      items: itemsFile,
    });
    expect(again.batches.map((batch) => [batch.inserted, batch.updated])).toEqual([
      [2, 1],
      [1, 1],
    ]);
  });

  it('reads events and items from one file through a mapping with a constant type and a product value', async () => {
    const name = uniqueDatasetName('mapped');
    const input = files.write(
      'orders.csv',
      'Customer,Sku,Name,Qty,Price,When\nc1,A,Lamp,2,1.1,3/5/2011 9:07\nNA,B,Desk,1,20,3/6/2011 14:30\nc2,A,Lamp,1,1.2,12/31/2011 23:59\n',
    );
    const mapping = parseColumnMapping(
      'user_id=Customer,item_id=Sku,type=:purchase,ts=When,ts_format=M/D/YYYY H:MM,value=Qty*Price,title=Name,price=Price',
    );
    const result = await importFiles({
      datasetName: name,
      events: input,
      items: input,
      mapping,
      skipInvalid: true,
      rejectPath: { events: files.path('orders.rejects.csv') },
    });
    expect(result.ok).toBe(true);
    const [items, events] = result.batches;
    expect(items).toMatchObject({ kind: 'items', rowsRead: 3, inserted: 2, duplicates: 1 });
    expect(events).toMatchObject({ kind: 'events', rowsRead: 3, inserted: 2, rejected: 1, missing: { user_id: 1 } });
    expect(events.errors[0]).toMatchObject({ line: 3, reason: 'missing user_id' });
    const rows = await eventRows(name);
    expect(rows.map((row) => [row.user_id, row.item_id, row.type, row.ts.toISOString(), row.value])).toEqual([
      ['c1', 'A', 'purchase', '2011-03-05T09:07:00.000Z', 2.2],
      ['c2', 'A', 'purchase', '2011-12-31T23:59:00.000Z', 1.2],
    ]);
    const itemRows = await getPool().query(
      'SELECT i.item_id, i.title, i.price, i.is_stub FROM items i JOIN datasets d ON d.id = i.dataset_id WHERE d.name = $1 ORDER BY 1',
      [name],
    );
    expect(itemRows.rows).toEqual([
      { item_id: 'A', title: 'Lamp', price: 1.2, is_stub: false },
      { item_id: 'B', title: 'Desk', price: 20, is_stub: false },
    ]);
  });

  it('reports every column a mapping names that the file lacks', async () => {
    const result = await importFiles({
      datasetName: uniqueDatasetName('badmap'),
      events: files.write('badmap.csv', 'a,b,c\n1,2,3\n'),
      mapping: parseColumnMapping('user_id=a,ts=b,type=c,value=Missing'),
    });
    expect(result.ok).toBe(false);
    expect(result.batches[0].errors[0].reason).toContain('column "Missing" (mapped to value) not found');
  });

  it('reports progress up to the whole file', async () => {
    const input = files.write(
      'progress.csv',
      `${header}\n${Array.from({ length: 500 }, (_, i) => `u${i},i1,view,${1_700_000_000 + i},,`).join('\n')}\n`,
    );
    const seen: [number, number, number][] = [];
    await importFiles({
      datasetName: uniqueDatasetName('progress'),
      events: input,
      onProgress: (...args) => seen.push(args),
    });
    const last = seen[seen.length - 1];
    expect(last[0]).toBe(last[1]);
    expect(last[2]).toBe(500);
  });

  it('drops staging tables left behind by a dead import', async () => {
    await getPool().query('CREATE UNLOGGED TABLE import_stage_987654 (x int)');
    expect(await cleanupStaleStaging()).toContain('import_stage_987654');
    const left = await getPool().query(`SELECT 1 FROM pg_tables WHERE tablename = 'import_stage_987654'`);
    expect(left.rowCount).toBe(0);
  });

  it("leaves an empty dataset's new partition all-visible, so reads that need only an index skip its rows", async () => {
    const rows = Array.from(
      { length: 3_000 },
      (_, row) => `u${row % 50},i${row % 7},view,2024-03-01T00:00:${String(row % 60).padStart(2, '0')}Z,${row}`,
    );
    const file = files.write('visible.csv', `user_id,item_id,type,ts,value\n${rows.join('\n')}\n`);
    const { datasetId } = await importFiles({ datasetName: uniqueDatasetName('visible'), events: file });
    const { rows: pages } = await getPool().query<{ relpages: number; relallvisible: number }>(
      'SELECT relpages, relallvisible FROM pg_class WHERE oid = to_regclass($1)',
      [eventPartitionName(datasetId as number)],
    );
    expect(pages[0].relpages).toBeGreaterThan(0);
    expect(pages[0].relallvisible).toBe(pages[0].relpages);
  });
});
