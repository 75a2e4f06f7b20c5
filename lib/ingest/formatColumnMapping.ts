import type { ColumnMapping } from './columnMapping';

// no Node imports here: the Import screen writes mappings in the browser
const escapeComma = (text: string) => text.replaceAll(',', '\\,');

/**
 * The inline form of a mapping, as `--map` and the Import screen's upload take it; parsing it
 * with parseColumnMapping gives the same mapping back.
 */
export function formatColumnMapping(mapping: ColumnMapping): string {
  const pairs = Object.entries(mapping.columns).map(([target, source]) => `${target}=${escapeComma(source)}`);
  if (mapping.tsFormat) pairs.push(`ts_format=${escapeComma(mapping.tsFormat)}`);
  if (mapping.missingValues) pairs.push(`missing=${escapeComma(mapping.missingValues.join('|'))}`);
  if (mapping.attributes) pairs.push(`attributes=${escapeComma(mapping.attributes.join('|'))}`);
  if (mapping.categorySeparator) pairs.push(`category_separator=${escapeComma(mapping.categorySeparator)}`);
  return pairs.join(',');
}
