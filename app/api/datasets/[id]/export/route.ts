import { z } from 'zod';
import { exportPersonas } from '@/lib/export/exportPersonas';
import { exportFormats } from '@/lib/export/personaExport.types';
import { fileResponse } from '@/lib/http/fileResponse';
import { datasetParams, runQuery } from '@/lib/http/requestSchemas';
import { route } from '@/lib/http/route';
import { locales } from '@/lib/i18n/locales';

/** `locale` writes Markdown and PDF (and the CSV's text cells) in that language; English by default. */
const query = runQuery.extend({ format: z.enum(exportFormats), locale: z.enum(locales).optional() });

/** The personas of the active run (or ?runId=) as a CSV, JSON, Markdown or PDF download. */
export const GET = route({ access: 'pm', params: datasetParams, query }, async ({ caller, params, query }) => {
  const file = await exportPersonas(params.id, query.format, {
    actor: caller,
    runId: query.runId,
    locale: query.locale,
  });
  return fileResponse(file.body, { ...file, headers: { 'x-portrait-run-id': String(file.runId) } });
});
