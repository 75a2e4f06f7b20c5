import { z } from 'zod';
import { callerName } from '@/lib/auth/caller';
import { ApiError, type ErrorCode } from '@/lib/http/apiError';
import { idParam, jsonResponse, route } from '@/lib/http/route';
import { findDuplicateKey } from '@/lib/ingest/findDuplicateKey';
import { IngestRequestError, ingestEventRecords } from '@/lib/ingest/ingestEventRecords';
import { MAX_BODY_BYTES } from '@/lib/ingest/limits';
import { profileUpdateLag, updateLagHeader } from '@/lib/realtime/profileUpdateLag';

const params = z.object({ id: idParam });
const query = z.object({ skipInvalid: z.enum(['true', 'false']).optional() });

const codeByStatus: Record<IngestRequestError['status'], ErrorCode> = {
  400: 'bad_request',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
};

function describeFirst(errors: { index: number; reason: string }[]): string {
  const first = errors[0];
  return first ? `event ${first.index}: ${first.reason}` : 'see errors';
}

/**
 * Batch ingestion: a JSON array or an NDJSON body of up to 10,000 events, with an ingest API
 * key of this dataset (or an admin session). All or nothing unless ?skipInvalid=true. The answer
 * comes once the events, and the senders' queued profile updates, are committed; the workers
 * update the profiles right behind (segment, map position, features, audiences). `update` and
 * the Portrait-Update-Lag-Ms header say how far behind those updates are, so a sender can slow
 * down instead of timing out.
 */
export const POST = route(
  {
    access: 'apiKey',
    params,
    query,
    rawBody: true,
    maxBodyBytes: MAX_BODY_BYTES,
    datasetOf: (p) => p.id,
    // sending events is importing data, which the demo admin may do from the import screen too
    demoMayCall: true,
  },
  async ({ params, query, text, caller, request }) => {
    const contentType = request.headers.get('content-type') ?? '';
    const isJson = contentType.startsWith('application/json') || text.trimStart().startsWith('[');
    let body: unknown[] | string = text;
    if (isJson) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new ApiError('bad_request', 'The body is not valid JSON: send a JSON array of events or NDJSON');
      }
      // one event as a JSON object is a batch of one, as NDJSON of one line already was
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) body = [body];
      if (!Array.isArray(body)) throw new ApiError('bad_request', 'Send a JSON array of events (or NDJSON lines)');
      const duplicate = findDuplicateKey(text);
      if (duplicate !== null)
        throw new ApiError('bad_request', `The key "${duplicate}" appears twice in one event; nothing was written`);
    }
    try {
      const result = await ingestEventRecords(params.id, body, {
        skipInvalid: query.skipInvalid === 'true',
        createdBy: caller ? callerName(caller) : undefined,
      });
      if (!result.ok) {
        throw new ApiError(
          'unprocessable',
          `${result.errorCount} event${result.errorCount === 1 ? '' : 's'} could not be read (${describeFirst(result.errors)}); nothing was written`,
          { errors: result.errors, errorCount: result.errorCount },
        );
      }
      const { queuedUsers = 0, updateLag, ...accepted } = result;
      const lag = updateLag ?? (await profileUpdateLag(params.id));
      return jsonResponse(
        { ...accepted, update: { queuedUsers, ...lag } },
        { status: 201, headers: { [updateLagHeader]: String(lag.lagMs) } },
      );
    } catch (error) {
      if (error instanceof IngestRequestError) throw new ApiError(codeByStatus[error.status], error.message);
      throw error;
    }
  },
);
