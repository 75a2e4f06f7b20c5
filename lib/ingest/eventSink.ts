import type pg from 'pg';
import { eventPartitionName } from '@/lib/datasets/eventPartition';
import { BinaryCopyRows } from './binaryCopyRows';
import { cleanEventFields, type EventCleaner } from './cleanEventRow';
import type { EncodedEventChunk } from './encodeEventChunk';
import { digestHex, EventDigest, occurrenceFingerprint } from './eventFingerprint';
import type { ImportSink, SinkContext, SinkCounts } from './importSink';
import { MAX_SEEN_IDS, MAX_USERS_READ } from './limits';
import { OccurrenceCounter } from './occurrenceCounter';
import { readDatasetFingerprints } from './readDatasetFingerprints';
import { StageTable } from './stageTable';
import { copiedEventColumns, eventColumns, withImportDefaults, writeEventFields } from './writeEventFields';

/**
 * An import whose file has at least this share of a dataset's events rebuilds the dataset's partition (its rows and the new ones, indexes built once, sorted)
 * rather than inserting into its indexes row by row; measured, the two cost about the same
 * when the import adds a quarter of what is there.
 */
const REBUILD_SHARE = 0.25;

/**
 * A file expected to hold at least REBUILD_SHARE of a dataset's events, the dataset holding up
 * to this many, is checked against the dataset's fingerprints in this process
 * (readDatasetFingerprints; 27-53 bytes an event, at most about 270 MB) while the threads read
 * it, instead of by an anti-join in Postgres: on the bench's 2.1M events into 2.1M, the join took
 * 3.8 s of the import's 20.8 s, reading the fingerprints 1.1 s beside the threads' reading, and
 * the import 18.5 s. Larger datasets keep the join.
 */
const MAX_EVENTS_CHECKED_HERE = 5_000_000;

/** bytes of a row before its fingerprint's length word: the field count */
const fingerprintOffset = 2;

/**
 * A table shaped like events (LIKE copies the NOT NULL constraints a partition must have) that
 * is to become the dataset's partition. Its CHECK (dataset_id = id), made while it is empty,
 * lets ATTACH skip scanning it; added after the load it cost a scan of its own.
 *
 * Autovacuum visits a loaded table once for its inserts and, finding nothing to free, still asks
 * for the table's exclusive lock to truncate it; the next large import, reading the table, then
 * waited a second (deadlock_timeout) in DETACH before Postgres cancelled that vacuum. Events
 * are rarely deleted in bulk, so partitions keep their trailing pages instead.
 */
function partitionTable(table: string, datasetId: number): string {
  return `CREATE TABLE ${table} (LIKE events INCLUDING DEFAULTS,
    CONSTRAINT ${table}_dataset CHECK (dataset_id = ${Math.trunc(datasetId)})) WITH (vacuum_truncate = false)`;
}

/** whether the dataset has events, and users, before this import adds any */
async function datasetHolds(client: pg.PoolClient, datasetId: number): Promise<{ events: boolean; users: boolean }> {
  const { rows } = await client.query<{ events: boolean; users: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM events WHERE dataset_id = $1) AS events,
       EXISTS (SELECT 1 FROM tracked_users WHERE dataset_id = $1) AS users`,
    [datasetId],
  );
  return rows[0];
}

const surrogate = /[\ud800-\udfff]/;

/**
 * A text as the database keeps it: a lone surrogate (an NDJSON escape such as "\ud800") is
 * stored as U+FFFD, so two such ids are one user, and the dataset's copy is the well-formed one.
 */
function asStored(text: string): string {
  return surrogate.test(text) ? Buffer.from(text, 'utf8').toString('utf8') : text;
}

/** the dataset's user ids, or null when it has more than MAX_USERS_READ (then none are sent) */
async function readDatasetUsers(client: pg.PoolClient, datasetId: number): Promise<Set<string> | null> {
  const { rows } = await client.query<[string | null]>({
    text: `WITH capped AS (SELECT user_id FROM tracked_users WHERE dataset_id = $1 LIMIT $2 + 1)
           SELECT user_id FROM capped WHERE (SELECT count(*) FROM capped) <= $2
           UNION ALL SELECT NULL WHERE (SELECT count(*) FROM capped) > $2`,
    values: [datasetId, MAX_USERS_READ],
    rowMode: 'array',
  });
  return rows.length === 1 && rows[0][0] === null ? null : new Set(rows.map((row) => row[0] as string));
}

/**
 * About how many events the dataset has, to choose how staged rows are merged: its partition's
 * row estimate (attachAsPartition analyzes it), else a count (its events in events_default, or a
 * partition never analyzed). Counting the 2.1 million events of a filled dataset took a second.
 */
async function estimateEvents(client: pg.PoolClient, datasetId: number): Promise<number> {
  const estimate = await client.query<{ rows: number }>(
    'SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = to_regclass($1) AND reltuples >= 0',
    [eventPartitionName(datasetId)],
  );
  if (estimate.rows.length > 0) return estimate.rows[0].rows;
  const { rows } = await client.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM events WHERE dataset_id = $1',
    [datasetId],
  );
  return rows[0].count;
}

/**
 * The index builds that end a bulk load sort every row; the sorts stay in memory up to about
 * this many bytes a row (measured on the demo: the widest index's sort spilled to disk at 256 MB
 * for 2.1 million rows, split over Postgres's parallel build workers).
 */
const sortBytesPerRow = 256;
const minSortMemoryMb = 256;
const maxSortMemoryMb = 1024;

/**
 * Gives a loaded table (every row of the dataset, no indexes yet, made by partitionTable) its
 * indexes and makes it the dataset's partition, in place of the old one or of the dataset's rows in events_default.
 * A partition holds one dataset, so its indexes leave dataset_id out (migration
 * 20261205060000_event_partition_indexes); sorting on the leading column's abbreviated keys made
 * the builds 2-2.5 times as fast. The unique (user_id, ts, fingerprint) keeps fingerprints
 * distinct and serves a user's events in time order (migration 20261208000000_event_user_ts_unique).
 * The CHECK constraint lets ATTACH skip scanning the table;
 * detaching the old partition takes the events table's exclusive lock, for a moment just before
 * the import commits.
 */
async function attachAsPartition(
  client: pg.PoolClient,
  table: string,
  datasetId: number,
  rowCount: number,
): Promise<void> {
  const partition = eventPartitionName(datasetId);
  const sortMemoryMb = Math.min(
    maxSortMemoryMb,
    Math.max(minSortMemoryMb, Math.ceil((rowCount * sortBytesPerRow) / 2 ** 20)),
  );
  await client.query(`SET LOCAL maintenance_work_mem = '${sortMemoryMb}MB'`);
  // named for the loaded table until the old partition, which has the final names, is gone
  await client.query(`CREATE UNIQUE INDEX ${table}_user_ts ON ${table} (user_id, ts, fingerprint)`);
  await client.query(`CREATE INDEX ${table}_type_ts ON ${table} (type_key, ts, user_id, value)`);
  const { rows } = await client.query<{ own: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent = 'events'::regclass AND inhrelid = to_regclass($1)) AS own`,
    [partition],
  );
  if (rows[0].own) {
    await client.query(`ALTER TABLE events DETACH PARTITION ${partition}`);
    await client.query(`DROP TABLE ${partition}`);
  } else {
    await client.query('DELETE FROM events_default WHERE dataset_id = $1', [datasetId]);
  }
  // the import's defaults (withImportDefaults) are not the partition's
  await client.query(`ALTER TABLE ${table} ALTER COLUMN dataset_id DROP DEFAULT, ALTER COLUMN import_id DROP DEFAULT`);
  await client.query(`ALTER TABLE ${table} RENAME TO ${partition}`);
  await client.query(`ALTER TABLE ${partition} RENAME CONSTRAINT ${table}_dataset TO ${partition}_dataset`);
  await client.query(`ALTER INDEX ${table}_user_ts RENAME TO ${partition}_user_ts`);
  await client.query(`ALTER INDEX ${table}_type_ts RENAME TO ${partition}_type_ts`);
  await client.query(`ALTER TABLE events ATTACH PARTITION ${partition} FOR VALUES IN (${datasetId})`);
  // the planner has no statistics for a new table until autovacuum gets to it
  await client.query(`ANALYZE ${partition}`);
}

/**
 * Events are staged with COPY every `chunkRows` rows while the next chunk is parsed, and stub
 * users and items are created per chunk; the events go into the dataset when the file ends.
 *
 * - Into a dataset without events, rows are copied straight into a new plain table, which then
 *   gets its two indexes, built once from sorted input, and becomes the dataset's partition.
 * - Into a dataset that a large file (REBUILD_SHARE) would rebuild, rows the dataset has are left
 *   out here (MAX_EVENTS_CHECKED_HERE) and the rest copied into a new table as above; it takes the
 *   dataset's rows and becomes its partition, or, when few rows are new, its rows are inserted.
 * - Otherwise they go to an UNLOGGED stage. Staged rows the dataset does not have yet are inserted
 *   in user and time order (the unique index's), or, when the file is at least REBUILD_SHARE of the dataset, copied with
 *   the dataset's rows into a new partition as above (unless none is new: a re-import).
 *
 * Identical rows within the file are repeat events: the counter gives each repeat its own
 * fingerprint, so a file's fingerprints are distinct and no duplicate check is needed inside it.
 * Every table is created inside the import transaction, so a killed import leaves none behind.
 */
export function eventSink(context: SinkContext, cleaner: EventCleaner, chunkRows: number): ImportSink {
  const { client, datasetId, batchId } = context;
  const stage = new StageTable(batchId, eventColumns);
  const rows = new BinaryCopyRows();
  const counts: SinkCounts = { inserted: 0, duplicates: 0, stubUsers: 0, stubItems: 0 };
  const occurrences = new OccurrenceCounter();
  const digests = new EventDigest();
  /** true when the dataset had no events: the stage is the dataset's future partition */
  let loadingEmpty = false;
  /** about how many events the dataset had */
  let existing = 0;
  let staged = 0;
  let stageMade: Promise<unknown> | null = null;
  /** the dataset's fingerprints, once a large file is to be checked against them here */
  let known: Promise<OccurrenceCounter> | null = null;
  /** chunks waiting for `known`, and their rows */
  let unchecked: EncodedEventChunk[] = [];
  let uncheckedRows = 0;
  /** rows left out because the dataset has them */
  let knownRows = 0;

  // Ids not yet seen in this import, so each user and item is sent for a stub once, not once
  // per chunk. The sets hold ids, not rows; past MAX_SEEN_IDS they start over (a repeat is harmless).
  const seenUsers = new Set<string>();
  const seenItems = new Set<string>();
  let newUsers: string[] = [];
  let newItems: string[] = [];
  /**
   * The dataset's users as the import began (readDatasetUsers, read while the first rows are;
   * none can arrive meanwhile: the import holds the dataset's lock), or null when it has too many.
   */
  let knownUsers: Promise<Set<string> | null> = Promise.resolve(new Set());
  /**
   * Whether seenUsers never started over, so each user was noted once. Stubs for the users the
   * dataset does not know are then copied, not inserted ON CONFLICT, which cost an import about a
   * second of the server's time per 100,000 users.
   */
  let notedOnce = true;

  function noteUser(noted: string): void {
    if (seenUsers.has(noted)) return;
    const userId = asStored(noted);
    if (userId !== noted && seenUsers.has(userId)) return;
    if (seenUsers.size >= MAX_SEEN_IDS) {
      seenUsers.clear();
      notedOnce = false;
    }
    seenUsers.add(userId);
    newUsers.push(userId);
  }

  function noteItem(itemId: string): void {
    if (seenItems.has(itemId)) return;
    if (seenItems.size >= MAX_SEEN_IDS) seenItems.clear();
    seenItems.add(itemId);
    newItems.push(itemId);
  }

  async function createStubs(users: string[], items: string[], flushed: Promise<void>, once: boolean): Promise<void> {
    await flushed;
    const known = await knownUsers;
    const fresh = known === null ? users : users.filter((user) => !known.has(user));
    if (fresh.length > 0 && known !== null && once) {
      const stubs = new BinaryCopyRows();
      for (const user of fresh) {
        stubs.startRow(3);
        stubs.int32(datasetId);
        stubs.text(user);
        stubs.bool(true);
      }
      await stubs.flush(client, 'tracked_users', ['dataset_id', 'user_id', 'is_stub'], { freeze: false });
      counts.stubUsers += fresh.length;
    } else if (fresh.length > 0) {
      const userStubs = await client.query(
        `INSERT INTO tracked_users (dataset_id, user_id, is_stub)
         SELECT $1, u, true FROM unnest($2::text[]) AS u ORDER BY u ON CONFLICT (dataset_id, user_id) DO NOTHING`,
        [datasetId, fresh],
      );
      counts.stubUsers += userStubs.rowCount ?? 0;
    }
    if (items.length > 0) {
      const itemStubs = await client.query(
        `INSERT INTO items (dataset_id, item_id, is_stub)
         SELECT $1, i, true FROM unnest($2::text[]) AS i ORDER BY i ON CONFLICT (dataset_id, item_id) DO NOTHING`,
        [datasetId, items],
      );
      counts.stubItems += itemStubs.rowCount ?? 0;
    }
  }

  /**
   * The stage: the future partition of an empty dataset, made at once; that of a dataset with
   * events at the first flush, when the first chunk has told whether the rows are checked here
   * (then the stage may become the partition) or by SQL.
   */
  function makeStage(): Promise<unknown> {
    if (stageMade) return stageMade;
    const table =
      loadingEmpty || known
        ? partitionTable(stage.name, datasetId)
        : `CREATE UNLOGGED TABLE ${stage.name} (LIKE events INCLUDING DEFAULTS)`;
    stageMade = client.query(`${table}; ${withImportDefaults(stage.name, datasetId, batchId)}`);
    return stageMade;
  }

  /** copies the rows of `chunks` the dataset does not have */
  async function flushNew(chunks: EncodedEventChunk[]): Promise<void> {
    const fingerprints = await (known as Promise<OccurrenceCounter>);
    const fresh = new BinaryCopyRows();
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk.copy.buffer, chunk.copy.byteOffset, chunk.copy.length);
      const rowStart = (row: number) =>
        row === chunk.rows ? bytes.length : chunk.fingerprintAt[row] - fingerprintOffset;
      // rows the dataset has are cut out by copying the runs between them
      let kept: Buffer | null = null;
      let keptBytes = 0;
      let keptRows = 0;
      let runFrom = 0;
      for (let row = 0; row < chunk.rows; row++) {
        // the uuid's 16 bytes follow its length word; repeats were rewritten in place
        const at = chunk.fingerprintAt[row] + 4;
        const isKnown = fingerprints.has(
          bytes.readInt32LE(at),
          bytes.readInt32LE(at + 4),
          bytes.readInt32LE(at + 8),
          bytes.readInt32LE(at + 12),
        );
        if (!isKnown) {
          keptRows += 1;
          continue;
        }
        kept ??= Buffer.allocUnsafe(bytes.length);
        keptBytes += bytes.copy(kept, keptBytes, runFrom, rowStart(row));
        runFrom = rowStart(row + 1);
        knownRows += 1;
      }
      if (kept === null) fresh.appendBytes(bytes, chunk.rows);
      else if (keptRows > 0) {
        keptBytes += bytes.copy(kept, keptBytes, runFrom, bytes.length);
        fresh.appendBytes(kept.subarray(0, keptBytes), keptRows);
      }
    }
    await makeStage();
    await fresh.flush(client, stage.name, copiedEventColumns);
  }

  /** takes the buffered rows and new ids before the first await, so reading can go on meanwhile */
  function flushBuffered(): Promise<void> {
    const users = newUsers;
    const items = newItems;
    const once = notedOnce;
    newUsers = [];
    newItems = [];
    if (known) {
      const chunks = unchecked;
      unchecked = [];
      uncheckedRows = 0;
      return createStubs(users, items, flushNew(chunks), once);
    }
    if (loadingEmpty || rows.rows === 0)
      return createStubs(users, items, rows.flush(client, stage.name, copiedEventColumns), once);
    const flushed = makeStage().then(() => rows.flush(client, stage.name, copiedEventColumns));
    return createStubs(users, items, flushed, once);
  }

  /** the rows checked here are all new: they become the partition with the dataset's, or go into it */
  async function mergeNew(): Promise<void> {
    const fresh = staged - knownRows;
    counts.inserted = fresh;
    counts.duplicates = knownRows;
    if (fresh === 0) {
      if (stageMade) await stage.drop(client);
      return;
    }
    if (fresh >= existing * REBUILD_SHARE) {
      await client.query(`INSERT INTO ${stage.name} SELECT * FROM events WHERE dataset_id = $1`, [datasetId]);
      await attachAsPartition(client, stage.name, datasetId, fresh + existing);
    } else {
      await client.query(`INSERT INTO events SELECT * FROM ${stage.name} ORDER BY user_id, ts, fingerprint`);
      await stage.drop(client);
    }
  }

  async function mergeStaged(): Promise<void> {
    // the dataset's unique index leads with the user and time that the fingerprint was made of
    const notInDataset = `NOT EXISTS (SELECT 1 FROM events e WHERE e.dataset_id = ${datasetId}
      AND e.user_id = s.user_id AND e.ts = s.ts AND e.fingerprint = s.fingerprint)`;
    let fresh: number;
    if (staged < existing * REBUILD_SHARE) {
      const inserted = await client.query(
        `INSERT INTO events SELECT s.* FROM ${stage.name} s WHERE ${notInDataset} ORDER BY s.user_id, s.ts, s.fingerprint`,
      );
      fresh = inserted.rowCount ?? 0;
    } else {
      const rebuilt = `${stage.name}_rebuilt`;
      await client.query(partitionTable(rebuilt, datasetId));
      const inserted = await client.query(
        `INSERT INTO ${rebuilt} SELECT s.* FROM ${stage.name} s WHERE ${notInDataset}`,
      );
      fresh = inserted.rowCount ?? 0;
      if (fresh >= existing * REBUILD_SHARE) {
        await client.query(`INSERT INTO ${rebuilt} SELECT * FROM events WHERE dataset_id = $1`, [datasetId]);
        await attachAsPartition(client, rebuilt, datasetId, fresh + existing);
      } else {
        // mostly a re-import: the few new rows go in as a small file's would
        await client.query(`INSERT INTO events SELECT * FROM ${rebuilt} ORDER BY user_id, ts, fingerprint`);
        await client.query(`DROP TABLE ${rebuilt}`);
      }
    }
    counts.inserted = fresh;
    counts.duplicates = staged - fresh;
  }

  return {
    counts,
    async create() {
      const holds = await datasetHolds(client, datasetId);
      loadingEmpty = !holds.events;
      if (loadingEmpty) await makeStage();
      else existing = await estimateEvents(client, datasetId);
      // not awaited: the first rows are read meanwhile, and their stubs wait for it
      if (holds.users) {
        knownUsers = readDatasetUsers(client, datasetId);
        knownUsers.catch(() => {});
      }
    },
    accept(record, stageIt) {
      const event = cleanEventFields(cleaner, record);
      if (!stageIt) return;
      const digest = digests.of(event);
      const occurrence = occurrences.countWords(digest[0], digest[1], digest[2], digest[3]);
      rows.startRow(copiedEventColumns.length);
      if (occurrence === 1) rows.uuidWords(digest);
      else rows.uuid(occurrenceFingerprint(digests.hex(), occurrence));
      writeEventFields(rows, event);
      staged += 1;
      noteUser(event.userId);
      if (event.itemId !== null) noteItem(event.itemId);
    },
    acceptEncoded(encoded: EncodedEventChunk) {
      const { digests, fingerprintAt } = encoded;
      for (let row = 0; row < encoded.rows; row++) {
        const at = row * 4;
        const occurrence = occurrences.countWords(digests[at], digests[at + 1], digests[at + 2], digests[at + 3]);
        if (occurrence > 1) {
          // the uuid's 16 bytes follow its length word
          const repeat = occurrenceFingerprint(digestHex(digests, at), occurrence);
          Buffer.from(encoded.copy.buffer, encoded.copy.byteOffset, encoded.copy.length).write(
            repeat,
            fingerprintAt[row] + 4,
            16,
            'hex',
          );
        }
      }
      if (known) {
        unchecked.push(encoded);
        uncheckedRows += encoded.rows;
      } else rows.appendBytes(encoded.copy, encoded.rows);
      staged += encoded.rows;
      for (const user of encoded.users) noteUser(user);
      for (const item of encoded.items) noteItem(item);
    },
    expectRows(expected) {
      occurrences.reserve(expected);
      if (loadingEmpty || known || staged > 0 || existing > MAX_EVENTS_CHECKED_HERE) return;
      if (expected < existing * REBUILD_SHARE) return;
      known = readDatasetFingerprints(client, datasetId, existing);
      known.catch(() => {});
    },
    wantsMerge: () => rows.rows + uncheckedRows >= chunkRows,
    merge: () => flushBuffered(),
    async finish() {
      await flushBuffered();
      if (loadingEmpty) {
        counts.inserted = staged;
        if (staged > 0) await attachAsPartition(client, stage.name, datasetId, staged);
        else await stage.drop(client);
        return;
      }
      if (known) await mergeNew();
      else if (stageMade) {
        await mergeStaged();
        await stage.drop(client);
      }
    },
  };
}
