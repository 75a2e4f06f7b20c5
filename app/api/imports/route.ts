import { jsonResponse, route } from '@/lib/http/route';
import { parseImportForm } from '@/lib/imports/importForm';
import { receiveImportUpload } from '@/lib/imports/receiveUpload';
import { startImport } from '@/lib/imports/startImport';
import { pruneUploads, removeUploadFolder } from '@/lib/imports/uploadFolder';
import { maxUploadBytes } from '@/lib/imports/uploadSettings';

/**
 * Upload for import (admins): multipart/form-data with file fields `events`, `items`, `users`
 * (CSV or NDJSON, gzip accepted, each up to PORTRAIT_UPLOAD_MAX_MB), a text field `dataset`
 * (existing or new), `skipInvalid` and `mapping` (the `--map` form). The files are streamed to disk and an import job is
 * queued: 202 with the job, whose progress and line-numbered errors GET /api/jobs/:id shows.
 */
export const POST = route({ access: 'admin', multipart: true, demoMayCall: true }, async ({ request, caller }) => {
  const maxFileBytes = maxUploadBytes();
  await pruneUploads();
  const upload = await receiveImportUpload(request, { maxFileBytes });
  try {
    const form = parseImportForm(upload.fields);
    const job = await startImport(caller, {
      datasetName: form.dataset,
      skipInvalid: form.skipInvalid,
      mapping: form.mapping,
      upload,
    });
    return jsonResponse({ job }, { status: 202 });
  } catch (error) {
    await removeUploadFolder(upload.folder);
    throw error;
  }
});
