import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { exportFileName } from './exportFileName';
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

async function render(format: ExportFormat, data: Awaited<ReturnType<typeof loadPersonaExport>>): Promise<Buffer> {
  switch (format) {
    case 'csv':
      return Buffer.from(personasToCsv(data), 'utf8');
    case 'json':
      return Buffer.from(personasToJson(data), 'utf8');
    case 'md':
      return Buffer.from(personasToMarkdown(data), 'utf8');
    case 'pdf':
      return personasToPdf(data);
  }
}

/**
 * The personas of a dataset's active run (or `runId`) as a file in one format, with the export
 * written to the audit log. The CLI, the API and export jobs all come through here.
 */
export async function exportPersonas(
  datasetId: number,
  format: ExportFormat,
  options: { actor: Caller | string | null; runId?: number },
): Promise<PersonaExportFile> {
  const data = await loadPersonaExport(datasetId, options.runId);
  const body = await render(format, data);
  await writeAudit(options.actor, 'export.personas', `dataset:${datasetId}`, {
    format,
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
