import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanEventRow } from '@/lib/ingest/cleanEventRow';
import { cleanItemRow } from '@/lib/ingest/cleanItemRow';
import { cleanUserRow } from '@/lib/ingest/cleanUserRow';
import { type ColumnMapping, parseColumnMapping, requiredFields, targetFields } from '@/lib/ingest/columnMapping';
import { RowError, resolveFields, type SourceRecord } from '@/lib/ingest/fieldSource';
import { attributeColumns, describeUnresolved } from '@/lib/ingest/importFiles';
import { readTimestampWindow } from '@/lib/ingest/limits';
import { openRecordFile } from '@/lib/ingest/openRecordFile';
import { compileTimestampFormat, parseTimestamp } from '@/lib/ingest/parseTimestamp';
import type { ImportKind } from '@/lib/ingest/types';
import { guessColumnMapping } from './guessColumnMapping';
import { rememberedImportMapping } from './importMappingMemory';

/** Data rows a preview reads from the start of a file. */
export const PREVIEW_ROWS = 20;

export interface ImportPreviewRequest {
  kind: ImportKind;
  /** the file's name, for its format (.csv, .tsv, .ndjson; a trailing .gz is ignored: the sample is text) */
  fileName: string;
  /** the file's first lines as text */
  sample: string;
  /** the mapping to try, in the `--map` form; absent: the dataset's remembered one, else a guess */
  mapping?: string;
  /** the dataset the file goes to, whose remembered mapping is used when none is given */
  dataset?: string;
}

export type CleanPreviewRow = Record<string, string | number | null>;

export interface ImportPreview {
  format: 'csv' | 'ndjson';
  /** the file's columns (NDJSON: the first record's keys) */
  header: string[];
  /** the first rows as read, one text per header column */
  rows: { line: number; fields: string[] }[];
  /** what the preview applied, and where it came from */
  mapping: ColumnMapping;
  mappingSource: 'given' | 'remembered' | 'guessed';
  /** the fields this kind of file can fill, and the ones it must */
  targets: readonly string[];
  required: readonly string[];
  /** why the file cannot be imported with this mapping at all (a required field unbound, a bad format) */
  problem: string | null;
  /** the first rows as they would be stored */
  cleaned: { line: number; row: CleanPreviewRow }[];
  /** the sample's rows that would be refused, with the reason */
  errors: { line: number; reason: string }[];
}

function previewFileName(fileName: string): string {
  const base = path.basename(fileName).replace(/\.gz$/i, '');
  const extension = path.extname(base).toLowerCase();
  return ['.csv', '.tsv', '.ndjson', '.jsonl', '.json'].includes(extension) ? `sample${extension}` : 'sample';
}

function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A remembered mapping applies only when it binds every required field of this file. */
function fits(kind: ImportKind, mapping: ColumnMapping, header: string[]): boolean {
  const resolved = resolveFields(kind, mapping, header);
  return !resolved.unresolved.some(
    ({ target }) => requiredFields[kind].includes(target) || mapping.columns[target] !== undefined,
  );
}

function chooseMapping(
  request: ImportPreviewRequest,
  header: string[],
  rows: string[][],
  remembered: ColumnMapping | null,
): { mapping: ColumnMapping; source: ImportPreview['mappingSource'] } | { error: string } {
  if (request.mapping !== undefined) {
    try {
      return { mapping: parseColumnMapping(request.mapping), source: 'given' };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }
  if (remembered && fits(request.kind, remembered, header)) return { mapping: remembered, source: 'remembered' };
  return { mapping: guessColumnMapping(request.kind, header, rows), source: 'guessed' };
}

/**
 * What importing a file would do, from its first lines: its columns and rows, a mapping (given,
 * remembered for the dataset, or guessed), the rows cleaned as the import cleans them, and the
 * rows it would refuse. Reads the sample through the import's own reader and cleaners.
 */
export async function previewImport(request: ImportPreviewRequest): Promise<ImportPreview> {
  const folder = await mkdtemp(path.join(tmpdir(), 'portrait-preview-'));
  try {
    const file = path.join(folder, previewFileName(request.fileName));
    await writeFile(file, request.sample);
    const records = await openRecordFile(file);
    const lines: { line: number; record: SourceRecord }[] = [];
    const errors: { line: number; reason: string }[] = [];
    for await (const item of records.lines) {
      if ('error' in item) {
        errors.push({ line: item.line, reason: item.error });
        if (item.fatal) break;
      } else lines.push(item);
      if (lines.length + errors.length >= PREVIEW_ROWS) break;
    }
    records.close();

    const header = records.header ?? [
      ...new Set(lines.flatMap(({ record }) => Object.keys(record as Record<string, unknown>))),
    ];
    const rows = lines.map(({ line, record }) => ({
      line,
      fields: Array.isArray(record)
        ? header.map((_, index) => fieldText(record[index]))
        : header.map((name) => fieldText((record as Record<string, unknown>)[name])),
    }));
    const remembered =
      request.mapping === undefined && request.dataset ? await rememberedImportMapping(request.dataset) : null;
    const chosen = chooseMapping(
      request,
      header,
      rows.map((row) => row.fields),
      remembered,
    );
    const base = {
      format: records.format,
      header,
      rows,
      targets: targetFields[request.kind],
      required: requiredFields[request.kind],
    };
    if ('error' in chosen) {
      return { ...base, mapping: { columns: {} }, mappingSource: 'given', problem: chosen.error, cleaned: [], errors };
    }
    const { mapping } = chosen;
    const resolved = resolveFields(request.kind, mapping, records.header);
    const preview: ImportPreview = {
      ...base,
      mapping,
      mappingSource: chosen.source,
      problem: records.header ? describeUnresolved(resolved, request.kind, mapping, records.header, 'screen') : null,
      cleaned: [],
      errors,
    };
    if (preview.problem) return preview;

    let parseTs = parseTimestamp;
    const tsLabel = mapping.tsFormat ?? 'ISO 8601 or epoch seconds/milliseconds';
    try {
      if (mapping.tsFormat) parseTs = compileTimestampFormat(mapping.tsFormat);
    } catch (error) {
      preview.problem = (error as Error).message;
      return preview;
    }
    const columns = request.kind === 'users' ? attributeColumns(resolved.reader, mapping, records.header) : null;
    if (typeof columns === 'string') {
      preview.problem = columns;
      return preview;
    }
    const missing: Record<string, number> = {};
    for (const { line, record } of lines) {
      try {
        preview.cleaned.push({ line, row: cleanRow(request.kind, record) });
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        preview.errors.push({ line, reason: error.message });
      }
    }
    preview.errors.sort((left, right) => left.line - right.line);
    return preview;

    function cleanRow(kind: ImportKind, record: SourceRecord): CleanPreviewRow {
      if (kind === 'events') {
        const event = cleanEventRow(
          { reader: resolved.reader, parseTs, tsFormatLabel: tsLabel, tsWindow: readTimestampWindow(), missing },
          record,
        );
        return {
          user_id: event.userId,
          item_id: event.itemId,
          type: event.type,
          ts: new Date(event.tsMs).toISOString(),
          value: event.value,
          text: event.text,
        };
      }
      if (kind === 'items') {
        const item = cleanItemRow(resolved.reader, record, missing);
        return {
          item_id: item.itemId,
          title: item.title,
          category: item.categories.join(' | ') || null,
          price: item.price,
          description: item.description,
        };
      }
      const user = cleanUserRow(resolved.reader, columns as Exclude<typeof columns, string | null>, record, missing);
      return { user_id: user.userId, ...Object.fromEntries(user.attributes) };
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
