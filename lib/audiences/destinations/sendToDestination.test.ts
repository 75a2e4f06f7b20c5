import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { ingestEventRecords } from '@/lib/ingest/ingestEventRecords';
import { deliverJob } from '@/lib/jobs/handlers/deliverJob';
import type { Job } from '@/lib/jobs/jobTypes';
import { claimNextJob, getJob } from '@/lib/jobs/queue';
import { runJob } from '@/lib/jobs/runJob';
import { type SeededDataset, seedDatasetWithRun } from '@/test/helpers/seedRun';
import { refreshAudiencesAfterIngest } from '../refreshAudiences';
import { createAudience } from '../saveAudience';
import { createDestination, listDeliveries } from './destinationStore';
import { sendToDestination } from './sendToDestination';
import { idempotencyHeader, signatureHeader, timestampHeader, verifySignature } from './signPayload';
import { startDelivery } from './startDelivery';

interface Received {
  body: string;
  json: { full: boolean; batch: number; batches: number; entered: string[]; left: string[]; deliveryId: number };
  signature: string;
  timestamp: string;
  key: string;
}

/** A webhook receiver on 127.0.0.1 that answers each request with the next scripted status. */
function startReceiver() {
  const received: Received[] = [];
  const script: number[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        body,
        json: JSON.parse(body),
        signature: String(request.headers[signatureHeader]),
        timestamp: String(request.headers[timestampHeader]),
        key: String(request.headers[idempotencyHeader]),
      });
      response.statusCode = script.shift() ?? 200;
      response.end();
    });
  });
  return new Promise<{ url: string; received: Received[]; script: number[]; close(): Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/hook`,
        received,
        script,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

let seeded: SeededDataset;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const fast = { backoffMs: 5, maxAttempts: 3 };

beforeAll(async () => {
  seeded = await seedDatasetWithRun({ users: 120, seed: 21 });
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver.close();
  await getPool().query('DELETE FROM datasets WHERE id = $1', [seeded.datasetId]);
  await closePools();
});

describe('webhook destinations', () => {
  it('sends the targeted members in signed batches, retries a batch after a 500 with the same key, then only the changes', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'Churners to win back',
      definition: { version: 1, root: { kind: 'score', target: 'churn', op: 'gte', value: 0.3 } },
      holdoutShare: 0.2,
    });
    const { rows: targetedRows } = await getPool().query<{ user_id: string }>(
      'SELECT user_id FROM audience_members WHERE audience_id = $1 AND NOT holdout',
      [audience.id],
    );
    const targeted = new Set(targetedRows.map((row) => row.user_id));
    expect(targeted.size).toBeGreaterThan(10);
    expect(targeted.size).toBeLessThan(audience.size);
    const { destination, secret } = await createDestination(audience.id, {
      name: 'CRM',
      url: receiver.url,
      batchSize: 10,
    });

    receiver.received.length = 0;
    receiver.script.push(200, 500);
    const first = await sendToDestination(destination.id, fast);
    expect(first).toEqual(expect.objectContaining({ status: 'delivered', kind: 'full' }));
    const batches = Math.ceil(targeted.size / 10);
    expect(first.batches).toBe(batches);
    expect(receiver.received).toHaveLength(batches + 1);
    for (const request of receiver.received) {
      expect(verifySignature(secret, request.timestamp, request.body, request.signature)).toBe(true);
      expect(verifySignature('another secret', request.timestamp, request.body, request.signature)).toBe(false);
    }
    // the second batch failed once: its retry carries the same idempotency key and body
    expect(receiver.received[1].key).toBe(receiver.received[2].key);
    expect(receiver.received[1].json.batch).toBe(2);
    expect(receiver.received[2].json.batch).toBe(2);
    expect(new Set(receiver.received.map((request) => request.key)).size).toBe(batches);
    const sent = new Set(receiver.received.flatMap((request) => request.json.entered));
    expect(sent).toEqual(targeted);
    expect(receiver.received.every((request) => request.json.full)).toBe(true);

    // a user enters through new events: the next send is that change only
    const newcomer = seeded.userIds.find((userId) => !targeted.has(userId) && !sent.has(userId)) as string;
    await getPool().query(`UPDATE scores SET value = 0.99 WHERE run_id = $1 AND target = 'churn' AND user_id = $2`, [
      seeded.runId,
      newcomer,
    ]);
    const ingest = await ingestEventRecords(seeded.datasetId, [
      { user_id: newcomer, item_id: null, type: 'view', ts: new Date().toISOString() },
    ]);
    await refreshAudiencesAfterIngest(seeded.datasetId, ingest.batchId as number);
    const { rows: holdout } = await getPool().query<{ holdout: boolean }>(
      'SELECT holdout FROM audience_members WHERE audience_id = $1 AND user_id = $2',
      [audience.id, newcomer],
    );
    receiver.received.length = 0;
    const second = await sendToDestination(destination.id, fast);
    expect(second.kind).toBe('changes');
    if (holdout[0].holdout) {
      expect(receiver.received).toEqual([]);
    } else {
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0].json).toEqual(
        expect.objectContaining({ full: false, entered: [newcomer], left: [] }),
      );
    }
  });

  it('dead-letters a delivery after the last retry and sends the same changes on the next try', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'Camera fans',
      definition: { version: 1, root: { kind: 'score', target: 'propensity:Cameras', op: 'gte', value: 0.4 } },
    });
    const { destination } = await createDestination(audience.id, { name: 'Down', url: receiver.url, batchSize: 1000 });
    receiver.received.length = 0;
    receiver.script.push(500, 503, 500);
    const dead = await sendToDestination(destination.id, fast);
    expect(dead).toEqual(expect.objectContaining({ status: 'dead', attempts: 3 }));
    const [log] = await listDeliveries(destination.id);
    expect(log).toEqual(expect.objectContaining({ status: 'dead', attempts: 3, lastStatus: 500 }));
    expect(log.log.at(-1)).toContain('dead-lettered');
    const again = await sendToDestination(destination.id, fast);
    expect(again).toEqual(expect.objectContaining({ status: 'delivered', kind: 'full', entered: audience.size }));
  });

  it('sends a test as one signed sample and leaves the cursor where it was', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'Test target',
      definition: { version: 1, root: { kind: 'score', target: 'churn', op: 'gte', value: 0.9 } },
    });
    const { destination, secret } = await createDestination(audience.id, { name: 'Test', url: receiver.url });
    receiver.received.length = 0;
    const test = await sendToDestination(destination.id, { ...fast, test: true });
    expect(test).toEqual(expect.objectContaining({ status: 'delivered', kind: 'test' }));
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(verifySignature(secret, request.timestamp, request.body, request.signature)).toBe(true);
    expect((await sendToDestination(destination.id, fast)).kind).toBe('full');
  });

  it('runs a send as a deliver job on the queue and records it in the delivery log', async () => {
    const audience = await createAudience(seeded.datasetId, {
      name: 'Queued send',
      definition: { version: 1, root: { kind: 'score', target: 'churn', op: 'gte', value: 0.6 } },
    });
    const { destination } = await createDestination(audience.id, { name: 'Queued', url: receiver.url });
    receiver.received.length = 0;
    const { job } = await startDelivery(destination.id, { test: true, createdBy: 'tester' });
    expect(job.type).toBe('deliver');
    const claimed = await claimNextJob('deliver-tester', ['deliver']);
    expect(claimed?.id).toBe(job.id);
    await runJob(claimed as Job, deliverJob, { workerId: 'deliver-tester', heartbeatMs: 50 }).done;
    expect((await getJob(job.id))?.status).toBe('succeeded');
    expect(receiver.received).toHaveLength(1);
    const [delivery] = await listDeliveries(destination.id);
    expect(delivery).toEqual(expect.objectContaining({ kind: 'test', status: 'delivered', jobId: job.id }));
  });
});
