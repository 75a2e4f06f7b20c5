import { z } from 'zod';
import { fileResponse } from '@/lib/http/fileResponse';
import { idParam, route } from '@/lib/http/route';
import { openExportFile } from '@/lib/jobs/openExportFile';

/** The file a finished export job wrote, as a download. */
export const GET = route({ access: 'admin', params: z.object({ id: idParam }) }, async ({ caller, params }) => {
  const file = await openExportFile(caller, params.id);
  return fileResponse(file.body, { ...file, headers: { 'content-length': String(file.bytes) } });
});
