import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { defaultLocale, type Locale } from '@/lib/i18n/locales';
import { exportFileName } from './exportFileName';
import { exportLanguage, localizePersonaExport } from './exportLanguage';
import { loadPersonaExport } from './loadPersonaExport';
import { type ExportFormat, exportContentTypes } from './personaExport.types';
import { personasToCsv } from './personasToCsv';
import { personasToJson } from './personasToJson';
import { personasToMarkdown } from './personasToMarkdown';
import { personasToPdf } from './personasToPdf';

export interface PersonaExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
  runId: number;
  personas: number;
}

/**
 * Markdown and PDF are written in the locale's words; the CSV keeps its column keys (scripts read
 * them) with its text cells (names, descriptions, traits) in the locale; JSON is always the stored
 * persona objects.
 */
async function render(
  format: ExportFormat,
  data: Awaited<ReturnType<typeof loadPersonaExport>>,
  locale: Locale,
): Promise<Buffer> {
  const localized = () => localizePersonaExport(data, locale);
  switch (format) {
    case 'csv':
      return Buffer.from(personasToCsv(localized()), 'utf8');
    case 'json':
      return Buffer.from(personasToJson(data), 'utf8');
    case 'md':
      return Buffer.from(personasToMarkdown(localized(), exportLanguage(locale)), 'utf8');
    case 'pdf':
      return personasToPdf(localized(), { language: exportLanguage(locale) });
  }
}

/**
 * The personas of a dataset's active run (or `runId`) as a file in one format, with the export
 * written to the audit log. The CLI, the API and export jobs all come through here.
 */
export async function exportPersonas(
  datasetId: number,
  format: ExportFormat,
  options: { actor: Caller | string | null; runId?: number; locale?: Locale },
): Promise<PersonaExportFile> {
  const locale = options.locale ?? defaultLocale;
  const data = await loadPersonaExport(datasetId, options.runId);
  const body = await render(format, data, locale);
  await writeAudit(options.actor, 'export.personas', `dataset:${datasetId}`, {
    format,
    ...(locale === defaultLocale ? {} : { locale }),
    runId: data.runId,
    personas: data.segments.length,
    bytes: body.byteLength,
  });
  return {
    fileName: exportFileName(data.dataset.name, data.runId, 'personas', format),
    contentType: exportContentTypes[format],
    body,
    runId: data.runId,
    personas: data.segments.length,
  };
}
