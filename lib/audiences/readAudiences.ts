import { getPool } from '@/lib/db/connection';
import { requireDataset } from '@/lib/queries/requireRun';
import { type Audience, type AudienceDbRow, audienceColumns, audienceOf, requireAudience } from './audienceRow';
import { targetedMemberCount } from './targetedMemberCount';

export async function listAudiences(datasetId: number): Promise<Audience[]> {
  await requireDataset(datasetId);
  const { rows } = await getPool().query<AudienceDbRow>(
    `SELECT ${audienceColumns} FROM audiences WHERE dataset_id = $1 ORDER BY name`,
    [datasetId],
  );
  return rows.map(audienceOf);
}

export interface AudienceDetail extends Audience {
  holdoutSize: number;
  history: {
    at: string;
    size: number;
    holdout: number;
    entered: number;
    left: number;
    reason: string;
    runId: number | null;
  }[];
  recentChanges: { at: string; userId: string; change: 'entered' | 'left'; reason: string }[];
}

const historyLimit = 100;
const changeLimit = 50;

/** An audience with its size history (newest last) and the latest entries and exits. */
export async function getAudienceDetail(audienceId: number, datasetId?: number): Promise<AudienceDetail> {
  const audience = await requireAudience(audienceId, datasetId);
  const pool = getPool();
  const [history, changes, holdout] = await Promise.all([
    pool.query<{
      at: Date;
      size: number;
      holdout: number;
      entered: number;
      left: number;
      reason: string;
      run_id: number | null;
    }>(
      `SELECT * FROM (SELECT at, size, holdout, entered, "left", reason, run_id, id FROM audience_sizes
         WHERE audience_id = $1 ORDER BY id DESC LIMIT $2) h ORDER BY id`,
      [audienceId, historyLimit],
    ),
    pool.query<{ at: Date; user_id: string; change: 'entered' | 'left'; reason: string }>(
      'SELECT at, user_id, change, reason FROM audience_changes WHERE audience_id = $1 ORDER BY id DESC LIMIT $2',
      [audienceId, changeLimit],
    ),
    pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audience_members WHERE audience_id = $1 AND holdout', [
      audienceId,
    ]),
  ]);
  return {
    ...audience,
    holdoutSize: holdout.rows[0].n,
    history: history.rows.map((row) => ({
      at: row.at.toISOString(),
      size: row.size,
      holdout: row.holdout,
      entered: row.entered,
      left: row.left,
      reason: row.reason,
      runId: row.run_id,
    })),
    recentChanges: changes.rows.map((row) => ({
      at: row.at.toISOString(),
      userId: row.user_id,
      change: row.change,
      reason: row.reason,
    })),
  };
}

export interface AudienceMembersPage {
  audienceId: number;
  total: number;
  page: number;
  pageSize: number;
  members: {
    userId: string;
    holdout: boolean;
    enteredAt: string;
    segmentIndex: number | null;
    segment: string | null;
  }[];
}

/**
 * A page of members by user id: the `page`-th of `pageSize`, or with `after` the next `pageSize`
 * after that user id (a cursor, as cheap on the last page as on the first). `targetedOnly` leaves
 * the control group out: what every export and destination reads, so held-out users are never
 * sent anywhere.
 */
export async function listAudienceMembers(
  audienceId: number,
  options: { page: number; pageSize: number; after?: string; targetedOnly?: boolean; datasetId?: number },
): Promise<AudienceMembersPage> {
  const audience = await requireAudience(audienceId, options.datasetId);
  const targeted = options.targetedOnly ? ' AND NOT holdout' : '';
  const cursor = options.after === undefined ? '' : ' AND user_id > $5';
  const [total, page] = await Promise.all([
    options.targetedOnly ? targetedMemberCount(audience) : audience.size,
    // the page is cut from the members first, so only its rows are joined to their profiles
    getPool().query<{
      user_id: string;
      holdout: boolean;
      entered_at: Date;
      segment_index: number | null;
      name: string | null;
    }>(
      `SELECT m.user_id, m.holdout, m.entered_at, p.segment_index, s.name
       FROM (SELECT user_id, holdout, entered_at FROM audience_members
             WHERE audience_id = $1${targeted}${cursor} ORDER BY user_id LIMIT $3 OFFSET $4) m
       LEFT JOIN user_profiles p ON p.run_id = $2 AND p.user_id = m.user_id
       LEFT JOIN segments s ON s.run_id = p.run_id AND s.index = p.segment_index
       ORDER BY m.user_id`,
      [
        audienceId,
        audience.runId ?? 0,
        options.pageSize,
        options.after === undefined ? (options.page - 1) * options.pageSize : 0,
        ...(options.after === undefined ? [] : [options.after]),
      ],
    ),
  ]);
  return {
    audienceId,
    total,
    page: options.page,
    pageSize: options.pageSize,
    members: page.rows.map((row) => ({
      userId: row.user_id,
      holdout: row.holdout,
      enteredAt: row.entered_at.toISOString(),
      segmentIndex: row.segment_index,
      segment: row.name,
    })),
  };
}
