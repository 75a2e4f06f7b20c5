import { getPool } from '@/lib/db/connection';
import { requireAudience } from '../audienceRow';
import { holdoutExpression } from '../holdoutExpression';
import { idempotencyHeader, signatureHeader, signPayload, timestampHeader } from './signPayload';

export interface SendOptions {
  /** a "send a test" delivery: one signed sample batch, the cursor untouched */
  test?: boolean;
  jobId?: number;
  /** tries per batch, the first included */
  maxAttempts?: number;
  /** wait before the second try; doubled before each later one */
  backoffMs?: number;
  requestTimeoutMs?: number;
}

export interface SendResult {
  deliveryId: number;
  status: 'delivered' | 'dead';
  kind: 'full' | 'changes' | 'test';
  batches: number;
  entered: number;
  left: number;
  attempts: number;
}

interface Batch {
  entered: string[];
  left: string[];
}

const defaults = { maxAttempts: 5, backoffMs: 1000, requestTimeoutMs: 10_000 };

function chunk(entered: string[], left: string[], size: number): Batch[] {
  const batches: Batch[] = [];
  const all = [
    ...entered.map((userId) => ({ userId, entered: true })),
    ...left.map((userId) => ({ userId, entered: false })),
  ];
  for (let start = 0; start < all.length; start += size) {
    const part = all.slice(start, start + size);
    batches.push({
      entered: part.filter((row) => row.entered).map((row) => row.userId),
      left: part.filter((row) => !row.entered).map((row) => row.userId),
    });
  }
  return batches;
}

/**
 * Sends an audience to a webhook: the targeted members on the first delivery, then who entered
 * and who left since the last one, in signed JSON batches. Each batch carries an idempotency key
 * that stays the same across its retries, so a receiver that got a batch whose answer was lost
 * can drop the repeat. A batch that fails is retried with exponential backoff; after the last try
 * the delivery is dead-lettered and the cursor stays, so the next send carries those changes
 * again. The control group is never sent.
 */
export async function sendToDestination(destinationId: number, options: SendOptions = {}): Promise<SendResult> {
  const settings = { ...defaults, ...options };
  const pool = getPool();
  const { rows } = await pool.query<{
    audience_id: number;
    url: string;
    secret: string;
    batch_size: number;
    sent_up_to: string | null;
    name: string;
    kind: string;
  }>('SELECT audience_id, url, secret, batch_size, sent_up_to, name, kind FROM destinations WHERE id = $1', [
    destinationId,
  ]);
  const destination = rows[0];
  if (!destination) throw new Error(`Destination ${destinationId} does not exist`);
  if (destination.kind !== 'webhook') throw new Error(`Destination ${destinationId} is not a webhook`);
  const audience = await requireAudience(destination.audience_id);
  const { rows: top } = await pool.query<{ up_to: string | null }>(
    'SELECT max(id)::text AS up_to FROM audience_changes WHERE audience_id = $1',
    [audience.id],
  );
  const upTo = top[0].up_to ?? '0';
  const kind: SendResult['kind'] = options.test ? 'test' : destination.sent_up_to === null ? 'full' : 'changes';

  let entered: string[] = [];
  let left: string[] = [];
  if (kind === 'full') {
    const members = await pool.query<{ user_id: string }>(
      'SELECT user_id FROM audience_members WHERE audience_id = $1 AND NOT holdout ORDER BY user_id',
      [audience.id],
    );
    entered = members.rows.map((row) => row.user_id);
  } else if (kind === 'changes') {
    // the last change of each user since the cursor says where they are now; held-out users are
    // left out by the same seeded hash that holds them out
    const changes = await pool.query<{ user_id: string; change: string }>(
      `SELECT DISTINCT ON (user_id) user_id, change FROM audience_changes
       WHERE audience_id = $1 AND id > $2::bigint AND id <= $3::bigint
         AND NOT ${holdoutExpression('user_id', '$4', '$5')}
       ORDER BY user_id, id DESC`,
      [audience.id, destination.sent_up_to, upTo, audience.holdoutSeed, audience.holdoutShare],
    );
    entered = changes.rows.filter((row) => row.change === 'entered').map((row) => row.user_id);
    left = changes.rows.filter((row) => row.change === 'left').map((row) => row.user_id);
  } else {
    entered = ['portrait-test-user'];
  }

  const batches = chunk(entered, left, destination.batch_size);
  if (!batches.length && kind !== 'changes') batches.push({ entered: [], left: [] });
  const { rows: made } = await pool.query<{ id: number }>(
    `INSERT INTO deliveries (destination_id, kind, batches, entered, "left", job_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [destinationId, kind, batches.length, entered.length, left.length, options.jobId ?? null],
  );
  const deliveryId = made[0].id;
  const log = async (
    line: string,
    fields: { attempts?: number; lastStatus?: number | null; lastError?: string | null } = {},
  ) =>
    pool.query(
      `UPDATE deliveries SET log = array_append(log, $2), attempts = attempts + $3,
         last_status = CASE WHEN $6 THEN $4 ELSE last_status END, last_error = CASE WHEN $6 THEN $5 ELSE last_error END
       WHERE id = $1`,
      [
        deliveryId,
        `${new Date().toISOString()} ${line}`,
        fields.attempts ?? 0,
        fields.lastStatus ?? null,
        fields.lastError ?? null,
        'lastStatus' in fields,
      ],
    );

  let attempts = 0;
  for (let index = 0; index < batches.length; index++) {
    const body = JSON.stringify({
      type: kind === 'test' ? 'portrait.audience.test' : 'portrait.audience.members',
      audience: { id: audience.id, name: audience.name },
      deliveryId,
      full: kind === 'full',
      batch: index + 1,
      batches: batches.length,
      entered: batches[index].entered,
      left: batches[index].left,
      sentAt: new Date().toISOString(),
    });
    let delivered = false;
    for (let attempt = 1; attempt <= settings.maxAttempts && !delivered; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, settings.backoffMs * 2 ** (attempt - 2)));
      attempts++;
      const timestamp = String(Math.floor(Date.now() / 1000));
      try {
        const response = await fetch(destination.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [signatureHeader]: signPayload(destination.secret, timestamp, body),
            [timestampHeader]: timestamp,
            [idempotencyHeader]: `portrait-${deliveryId}-${index + 1}`,
          },
          body,
          signal: AbortSignal.timeout(settings.requestTimeoutMs),
          redirect: 'manual',
        });
        await response.arrayBuffer().catch(() => null);
        delivered = response.ok;
        await log(`batch ${index + 1}/${batches.length}, try ${attempt}: HTTP ${response.status}`, {
          attempts: 1,
          lastStatus: response.status,
          lastError: response.ok ? null : `HTTP ${response.status}`,
        });
      } catch (error) {
        await log(`batch ${index + 1}/${batches.length}, try ${attempt}: ${(error as Error).message}`, {
          attempts: 1,
          lastStatus: null,
          lastError: (error as Error).message,
        });
      }
    }
    if (!delivered) {
      await pool.query(
        `UPDATE deliveries SET status = 'dead', finished_at = now(), log = array_append(log, $2) WHERE id = $1`,
        [
          deliveryId,
          `${new Date().toISOString()} dead-lettered after ${settings.maxAttempts} tries of batch ${index + 1}; the next send carries these changes again`,
        ],
      );
      return {
        deliveryId,
        status: 'dead',
        kind,
        batches: batches.length,
        entered: entered.length,
        left: left.length,
        attempts,
      };
    }
  }
  await pool.query(`UPDATE deliveries SET status = 'delivered', finished_at = now() WHERE id = $1`, [deliveryId]);
  if (kind !== 'test')
    await pool.query('UPDATE destinations SET sent_up_to = $2::bigint WHERE id = $1', [destinationId, upTo]);
  return {
    deliveryId,
    status: 'delivered',
    kind,
    batches: batches.length,
    entered: entered.length,
    left: left.length,
    attempts,
  };
}
