export type CsvValue = string | number | boolean | null | undefined;

// A spreadsheet reads a cell that starts with one of these as a formula (OWASP "CSV injection");
// tab and carriage return are in the list because Excel strips them before looking.
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One CSV field: RFC 4180 quoting (a field with a comma, quote or line break is quoted, quotes
 * doubled), and text that a spreadsheet would run as a formula prefixed with a single quote.
 * Numbers are written as numbers, so a negative value stays a number in the sheet.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with its CRLF line ending (RFC 4180). */
export function csvRow(values: CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
