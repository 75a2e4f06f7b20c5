import { readFile } from 'node:fs/promises';
import type { ImportKind } from './types';

/**
 * How a file's columns become Portrait's fields. One mapping serves every file of an import:
 * each kind takes the targets it knows, so events and items can come from the same file.
 */
export interface ColumnMapping {
  /**
   * target field -> source: a column name (`CustomerID`), a constant (`:purchase`), or the
   * product of two columns (`Quantity*UnitPrice`). Unmapped targets read the column of their own name.
   */
  columns: Record<string, string>;
  /** custom timestamp format, e.g. `M/D/YYYY H:MM`; default ISO 8601 or epoch s/ms */
  tsFormat?: string;
  /** texts that mean "missing" besides the empty string; default NA, N/A, NULL, null, NaN, nan, #N/A */
  missingValues?: string[];
  /** users files: the attribute columns to keep; default every column but the user id */
  attributes?: string[];
  /** separator of several categories in one field; default `|` */
  categorySeparator?: string;
}

export const targetFields: Record<ImportKind, readonly string[]> = {
  events: ['user_id', 'item_id', 'type', 'ts', 'value', 'text'],
  items: ['item_id', 'title', 'category', 'price', 'description'],
  users: ['user_id'],
};

export const requiredFields: Record<ImportKind, readonly string[]> = {
  events: ['user_id', 'type', 'ts'],
  items: ['item_id'],
  users: ['user_id'],
};

export { defaultMissingValues } from './defaultMissingValues';

const knownTargets = new Set(Object.values(targetFields).flat());

const settingKeys: Record<string, keyof Omit<ColumnMapping, 'columns'>> = {
  ts_format: 'tsFormat',
  tsformat: 'tsFormat',
  missing: 'missingValues',
  missing_values: 'missingValues',
  missingvalues: 'missingValues',
  attributes: 'attributes',
  category_separator: 'categorySeparator',
  categoryseparator: 'categorySeparator',
};

function checkTarget(target: string): void {
  if (!knownTargets.has(target)) {
    throw new Error(
      `Unknown mapping target "${target}" (known: ${[...knownTargets].join(', ')}, ts_format, missing, attributes, category_separator)`,
    );
  }
}

/** Splits on commas not escaped with a backslash. */
function splitPairs(spec: string): string[] {
  const pairs: string[] = [];
  let current = '';
  for (let index = 0; index < spec.length; index++) {
    const char = spec[index];
    if (char === '\\' && spec[index + 1] === ',') {
      current += ',';
      index += 1;
    } else if (char === ',') {
      pairs.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  pairs.push(current);
  return pairs.map((pair) => pair.trim()).filter((pair) => pair.length > 0);
}

/**
 * The CLI form: `user_id=CustomerID,item_id=StockCode,ts=InvoiceDate,ts_format=M/D/YYYY H:MM,
 * type=:purchase,value=Quantity*UnitPrice,missing=NA|?,attributes=Country|Age`. `\,` is a literal comma;
 * lists (missing, attributes) are separated by `|`.
 */
export function parseColumnMapping(spec: string): ColumnMapping {
  const mapping: ColumnMapping = { columns: {} };
  for (const pair of splitPairs(spec)) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new Error(`Mapping entry "${pair}" is not target=source`);
    const key = pair.slice(0, equals).trim();
    const source = pair.slice(equals + 1).trim();
    const setting = settingKeys[key.toLowerCase()];
    if (setting === 'missingValues' || setting === 'attributes')
      mapping[setting] = source.split('|').map((part) => part.trim());
    else if (setting) mapping[setting] = source;
    else {
      checkTarget(key);
      if (source.length === 0) throw new Error(`Mapping entry "${pair}" has no source column`);
      mapping.columns[key] = source;
    }
  }
  return mapping;
}

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string'))
    throw new Error(`Mapping "${name}" must be a list of strings`);
  return value as string[];
}

/**
 * The file form, JSON: `{ "columns": { "user_id": "CustomerID", "type": ":purchase" },
 * "tsFormat": "M/D/YYYY H:MM", "missingValues": ["NA"], "attributes": ["Country"] }`.
 */
export function columnMappingFromJson(json: unknown): ColumnMapping {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error('A mapping file must hold a JSON object');
  const object = json as Record<string, unknown>;
  const mapping: ColumnMapping = { columns: {} };
  const columns = object.columns ?? {};
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns))
    throw new Error('Mapping "columns" must be an object');
  for (const [target, source] of Object.entries(columns)) {
    checkTarget(target);
    if (typeof source !== 'string' || source.trim() === '')
      throw new Error(`Mapping of "${target}" must be a column name`);
    mapping.columns[target] = source.trim();
  }
  for (const [key, value] of Object.entries(object)) {
    if (key === 'columns') continue;
    const setting = settingKeys[key.toLowerCase()];
    if (!setting) throw new Error(`Unknown mapping key "${key}"`);
    if (setting === 'missingValues' || setting === 'attributes') mapping[setting] = stringList(value, key);
    else if (typeof value === 'string') mapping[setting] = value;
    else throw new Error(`Mapping "${key}" must be a string`);
  }
  return mapping;
}

/** `--map` accepts either the inline form or the path of a `.json` mapping file. */
export async function resolveColumnMapping(argument: string): Promise<ColumnMapping> {
  if (argument.trim().toLowerCase().endsWith('.json')) {
    const text = await readFile(argument.trim(), 'utf8');
    return columnMappingFromJson(JSON.parse(text));
  }
  return parseColumnMapping(argument);
}
