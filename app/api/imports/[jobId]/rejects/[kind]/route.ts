import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { ApiError } from '@/lib/http/apiError';
import { fileResponse } from '@/lib/http/fileResponse';
import { idParam, route } from '@/lib/http/route';
import { findRejectFile } from '@/lib/imports/findRejectFile';
import { importKindOrder } from '@/lib/ingest/types';

const params = z.object({ jobId: idParam, kind: z.enum(importKindOrder) });

const contentTypes = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson; charset=utf-8' };

/** An ASCII fallback name plus the exact one (RFC 6266), since headers cannot carry raw UTF-8. */
function attachment(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The rows a skip-invalid import left out, with the reason of each, as a download (admins); like
 * every download of user data, never cached and never sniffed into something a browser renders.
 */
export const GET = route({ access: 'admin', params }, async ({ params }) => {
  const reject = await findRejectFile(params.jobId, params.kind);
  const info = await stat(reject.path).catch(() => null);
  if (!info) throw new ApiError('not_found', 'The reject file is gone: upload folders are kept for 7 days');
  const body = Readable.toWeb(createReadStream(reject.path)) as ReadableStream<Uint8Array>;
  return fileResponse(body, {
    fileName: reject.downloadName,
    contentType: contentTypes[reject.format],
    headers: { 'content-length': String(info.size), 'content-disposition': attachment(reject.downloadName) },
  });
});
