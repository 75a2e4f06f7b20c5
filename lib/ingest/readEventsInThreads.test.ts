import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { tempFolder, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { CsvRecordReader } from './csvRecordReader';
import { type EncodedEventChunk, type EventChunkSettings, encodeEventChunk, eventCleanerFor } from './encodeEventChunk';
import { importFiles } from './importFiles';
import { readFileLimits, readTimestampWindow } from './limits';
import type { OpenRecordFileOptions } from './openRecordFile';
import { readEventsInThreads } from './readEventsInThreads';

const files = tempFolder('threads');
process.env.PORTRAIT_DATA_DIR = files.path('data');
function writeBytes(name: string, bytes: Buffer): string {
  writeFileSync(files.path(name), bytes);
  return files.path(name);
}

const header = ['user_id', 'item_id', 'type', 'ts', 'value', 'text'];

afterAll(async () => {
  await closePools();
});

/** a file whose quoted texts hold commas, quotes and line breaks, with blank lines and a BOM */
function eventsCsv(rows: number): string {
  let csv = `\uFEFF${header.join(',')}\r\n`;
  for (let row = 0; row < rows; row++) {
    const text = row % 7 === 0 ? `"a review, ""quoted""\r\nover two lines ${row}"` : row % 5 === 0 ? 'plain' : '';
    csv += `u${row % 13},${row % 3 === 0 ? '' : `i${row % 11}`},${row % 4 === 0 ? 'Purchase' : 'view'},2024-03-${String((row % 28) + 1).padStart(2, '0')}T10:00:00Z,${row % 4 === 0 ? '9.5' : ''},${text}\r\n`;
    if (row % 50 === 0) csv += '\r\n';
  }
  return csv;
}

const settings: EventChunkSettings = {
  header,
  mapping: undefined,
  tsWindow: readTimestampWindow(),
};

async function readInChunks(file: string, chunkChars: number, threads = 2, openOptions: OpenRecordFileOptions = {}) {
  const chunks: EncodedEventChunk[] = [];
  const outcome = await readEventsInThreads(file, {
    settings,
    hasHeader: true,
    delimiter: ',',
    threads,
    openOptions,
    chunkChars,
    async onChunk(encoded) {
      chunks.push(encoded);
    },
  });
  return { outcome, chunks };
}

describe('readEventsInThreads', () => {
  it('reads a file cut into many chunks on two threads into the rows one reading of it gives, in order', async () => {
    const file = files.write('events.csv', eventsCsv(2_000));
    const { outcome, chunks } = await readInChunks(file, 300);
    expect(outcome).toBe('done');
    expect(chunks.length).toBeGreaterThan(50);

    const cutter = new CsvRecordReader(',', 1 << 20);
    const text = cutter.takeRecords(readFileSync(file, 'utf8'), true);
    const whole = encodeEventChunk(settings, eventCleanerFor(settings), {
      cut: cutter.cut,
      text,
      firstLine: 1,
      skipHeader: true,
    });
    expect(whole.rows).toBe(2_000);
    expect(chunks.reduce((sum, chunk) => sum + chunk.rows, 0)).toBe(2_000);
    expect(Buffer.concat(chunks.map((chunk) => chunk.copy))).toEqual(Buffer.from(whole.copy));
    expect(Int32Array.from(chunks.flatMap((chunk) => [...chunk.digests]))).toEqual(whole.digests);
  });

  it('encodes the chunks on its own thread when it has no threads, the same rows in the same order', async () => {
    const file = files.write('unthreaded.csv', eventsCsv(2_000));
    const threaded = await readInChunks(file, 300);
    const alone = await readInChunks(file, 300, 0);
    expect(alone.outcome).toBe('done');
    expect(alone.chunks.length).toBe(threaded.chunks.length);
    expect(Buffer.concat(alone.chunks.map((chunk) => chunk.copy))).toEqual(
      Buffer.concat(threaded.chunks.map((chunk) => chunk.copy)),
    );
    expect(alone.chunks.flatMap((chunk) => chunk.users)).toEqual(threaded.chunks.flatMap((chunk) => chunk.users));
  });

  it('reads files of every shape into the rows one reading gives: CR, LF or CRLF lines, tabs, gzip, text in any script', async () => {
    const shapes: { name: string; csv: string; delimiter?: string }[] = [
      { name: 'lf.csv', csv: eventsCsv(600).replaceAll('\r\n', '\n') },
      { name: 'cr.csv', csv: eventsCsv(600).replaceAll('\r\n', '\r') },
      { name: 'tabs.tsv', csv: eventsCsv(600).replaceAll(',', '\t'), delimiter: '\t' },
      {
        name: 'scripts.csv',
        csv: eventsCsv(600).replaceAll('plain', '"很好, 😀 très bien\nzweite Zeile"').replaceAll('u1,', '用户1,'),
      },
      { name: 'no-final-break.csv', csv: eventsCsv(600).trimEnd() },
    ];
    for (const { name, csv, delimiter = ',' } of shapes) {
      const cutter = new CsvRecordReader(delimiter, 1 << 20);
      const whole = encodeEventChunk(settings, eventCleanerFor(settings), {
        cut: cutter.cut,
        text: cutter.takeRecords(csv, true),
        firstLine: 1,
        skipHeader: true,
      });
      expect(whole.badLine, name).toBeNull();
      for (const file of [files.write(name, csv), files.write(`${name}.gz`, csv, true)]) {
        const chunks: EncodedEventChunk[] = [];
        const outcome = await readEventsInThreads(file, {
          settings,
          hasHeader: true,
          delimiter,
          threads: 2,
          openOptions: {},
          chunkChars: 500,
          async onChunk(encoded) {
            chunks.push(encoded);
          },
        });
        expect(outcome, file).toBe('done');
        expect(chunks.length, file).toBeGreaterThan(20);
        expect(Buffer.concat(chunks.map((chunk) => chunk.copy)), file).toEqual(Buffer.from(whole.copy));
      }
    }
  });

  it('stops at bytes that are not UTF-8, a line over the limit and a quote never closed, as a reading on one thread does', async () => {
    const csv = eventsCsv(600);
    const at = csv.indexOf('u5,');
    const cases: { name: string; bytes: Buffer; maxLineKb?: number }[] = [
      {
        name: 'latin1.csv',
        bytes: Buffer.concat([Buffer.from(csv.slice(0, at)), Buffer.from([0xe9]), Buffer.from(csv.slice(at))]),
      },
      {
        name: 'long-line.csv',
        bytes: Buffer.from(
          `${csv.slice(0, at)}u5,i5,view,2024-03-01T10:00:00Z,,${'字'.repeat(1_100)}\n${csv.slice(at)}`,
        ),
        maxLineKb: 1,
      },
      { name: 'open-quote.csv', bytes: Buffer.from(`${csv}u1,i1,view,2024-03-01T10:00:00Z,,"never closed\n`) },
    ];
    for (const { name, bytes, maxLineKb } of cases) {
      const limits = { ...readFileLimits(), ...(maxLineKb ? { maxLineChars: maxLineKb * 1024 } : {}) };
      const { outcome } = await readInChunks(writeBytes(name, bytes), 500, 2, { limits });
      expect(outcome, name).toBe('bad');
    }
    // lines that end at a lone CR are lines: a file of them is far longer than its longest line
    const crFile = files.write('cr-lines.csv', csv.replaceAll('\r\n', '\r'));
    expect((await readInChunks(crFile, 500, 2, { limits: { ...readFileLimits(), maxLineChars: 1024 } })).outcome).toBe(
      'done',
    );
    // a line of 1,100 characters in 3,300 bytes is within a limit of 2 KB of text
    const wide = `${csv.slice(0, at)}u5,i5,view,2024-03-01T10:00:00Z,,${'字'.repeat(1_100)}\n${csv.slice(at)}`;
    const { outcome } = await readInChunks(files.write('wide.csv', wide), 500, 2, {
      limits: { ...readFileLimits(), maxLineChars: 2048 },
    });
    expect(outcome).toBe('done');
  });

  it('stops at a bad row, so the import reads the file again on one thread for its report', async () => {
    const csv = eventsCsv(500).replace('u7,i7,view,2024-03-08T10:00:00Z', 'u7,i7,view,yesterday');
    const { outcome } = await readInChunks(files.write('bad.csv', csv), 300);
    expect(outcome).toBe('bad');
  });
});

async function storedEvents(datasetName: string) {
  const { rows } = await getPool().query(
    `SELECT e.fingerprint, e.user_id, e.item_id, e.type, e.ts, e.value, e.text FROM events e
     JOIN datasets d ON d.id = e.dataset_id WHERE d.name = $1 ORDER BY e.fingerprint`,
    [datasetName],
  );
  return rows;
}

describe('importFiles on threads', () => {
  it('stores the same events, repeats and stubs as an import on one thread, and a re-import adds nothing', async () => {
    const csv = eventsCsv(3_000);
    const file = files.write('same.csv', csv);
    const threaded = uniqueDatasetName('threaded');
    const single = uniqueDatasetName('single');
    const onThreads = await importFiles({ datasetName: threaded, events: file, threads: 2 });
    const onOne = await importFiles({ datasetName: single, events: file, threads: 0 });
    expect(onThreads.ok).toBe(true);
    const { batchId: _threadedBatch, ...threadedReport } = onThreads.batches[0];
    const { batchId: _singleBatch, ...singleReport } = onOne.batches[0];
    expect(threadedReport).toEqual(singleReport);
    expect(threadedReport).toMatchObject({ rowsRead: 3_000, inserted: 3_000, stubsCreated: { users: 13, items: 11 } });
    expect(await storedEvents(threaded)).toEqual(await storedEvents(single));

    const again = await importFiles({ datasetName: threaded, events: file, threads: 2 });
    expect(again.batches[0]).toMatchObject({ inserted: 0, duplicates: 3_000 });
  });

  it('writes nothing for a file with a bad row and names its line, as on one thread', async () => {
    const csv = eventsCsv(400).replace('u7,i7,view,2024-03-08T10:00:00Z', 'u7,i7,view,yesterday');
    const file = files.write('bad-import.csv', csv);
    const name = uniqueDatasetName('threaded-bad');
    const result = await importFiles({ datasetName: name, events: file, threads: 2 });
    const single = await importFiles({ datasetName: uniqueDatasetName('single-bad'), events: file, threads: 0 });
    expect(result.ok).toBe(false);
    expect(result.batches[0].errors).toEqual(single.batches[0].errors);
    expect(result.batches[0].errors[0].reason).toContain('bad timestamp "yesterday"');
    expect(result.batches[0].rowsRead).toBe(single.batches[0].rowsRead);
    expect(await storedEvents(name)).toEqual([]);
  });

  it('stops and rolls back when the import is cancelled while its threads read', async () => {
    const file = files.write('cancelled.csv', eventsCsv(20_000));
    const name = uniqueDatasetName('threaded-cancel');
    let chunks = 0;
    const cancelled = importFiles({
      datasetName: name,
      events: file,
      threads: 2,
      chunkRows: 1_000,
      checkpoint: () => {
        chunks += 1;
        if (chunks > 3) throw new Error('cancelled');
      },
    });
    await expect(cancelled).rejects.toThrow('cancelled');
    expect(await storedEvents(name)).toEqual([]);
  });
});
