import type { ImportFileKind } from '@/hooks/useStartImportMutation';
import type { ColumnMapping } from '@/lib/ingest/columnMapping';

export interface CombinedMapping {
  mapping: ColumnMapping | null;
  /** fields two files map differently: one mapping serves every file of an import */
  conflicts: string[];
}

/** The one mapping an upload sends, from the mapping made for each chosen file. */
export function combineMappings(mappings: Partial<Record<ImportFileKind, ColumnMapping>>): CombinedMapping {
  const columns: Record<string, string> = {};
  const from: Record<string, ImportFileKind> = {};
  const conflicts: string[] = [];
  let tsFormat: string | undefined;
  let attributes: string[] | undefined;
  let missingValues: { list: string[]; kind: ImportFileKind } | undefined;
  let any = false;
  for (const [kind, mapping] of Object.entries(mappings) as [ImportFileKind, ColumnMapping | undefined][]) {
    if (!mapping) continue;
    any = true;
    for (const [target, source] of Object.entries(mapping.columns)) {
      if (columns[target] !== undefined && columns[target] !== source) {
        conflicts.push(
          `${target} is “${columns[target]}” in the ${from[target]} file and “${source}” in the ${kind} file`,
        );
        continue;
      }
      columns[target] = source;
      from[target] = kind;
    }
    if (kind === 'events' && mapping.tsFormat) tsFormat = mapping.tsFormat;
    if (kind === 'users' && mapping.attributes) attributes = mapping.attributes;
    if (mapping.missingValues) {
      if (missingValues && missingValues.list.join('|') !== mapping.missingValues.join('|')) {
        conflicts.push(
          `missing values are “${missingValues.list.join(' | ')}” for the ${missingValues.kind} file and “${mapping.missingValues.join(' | ')}” for the ${kind} file`,
        );
      } else missingValues = { list: mapping.missingValues, kind };
    }
  }
  if (!any) return { mapping: null, conflicts };
  return {
    mapping: {
      columns,
      ...(tsFormat ? { tsFormat } : {}),
      ...(attributes ? { attributes } : {}),
      // one list serves every file of an import
      ...(missingValues ? { missingValues: missingValues.list } : {}),
    },
    conflicts,
  };
}
