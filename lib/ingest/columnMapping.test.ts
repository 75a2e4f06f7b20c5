import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '@/test/fixtures/ingest/tempFiles';
import { parseColumnMapping, resolveColumnMapping } from './columnMapping';
import { readField, resolveFields } from './fieldSource';
import { formatColumnMapping } from './formatColumnMapping';

describe('column mapping', () => {
  it('parses the CLI form with constants, products, a timestamp format and lists', () => {
    expect(
      parseColumnMapping(
        'user_id=CustomerID, item_id=StockCode,ts=InvoiceDate,ts_format=M/D/YYYY H:MM,type=:purchase,value=Quantity*UnitPrice,missing=NA|?,attributes=Country',
      ),
    ).toEqual({
      columns: {
        user_id: 'CustomerID',
        item_id: 'StockCode',
        ts: 'InvoiceDate',
        type: ':purchase',
        value: 'Quantity*UnitPrice',
      },
      tsFormat: 'M/D/YYYY H:MM',
      missingValues: ['NA', '?'],
      attributes: ['Country'],
    });
    expect(parseColumnMapping('title=Name\\, long').columns.title).toBe('Name, long');
  });

  it('writes a mapping in the inline form that parses back to the same mapping', () => {
    const mapping = {
      columns: { user_id: 'CustomerID', title: 'Name, long', type: ':purchase', value: 'Quantity*UnitPrice' },
      tsFormat: 'M/D/YYYY H:MM',
      missingValues: ['NA', '?'],
      attributes: ['Country', 'Age'],
    };
    const inline = formatColumnMapping(mapping);
    expect(inline).toBe(
      'user_id=CustomerID,title=Name\\, long,type=:purchase,value=Quantity*UnitPrice,ts_format=M/D/YYYY H:MM,missing=NA|?,attributes=Country|Age',
    );
    expect(parseColumnMapping(inline)).toEqual(mapping);
  });

  it('refuses unknown targets and entries without a source', () => {
    expect(() => parseColumnMapping('userid=CustomerID')).toThrow(/Unknown mapping target "userid"/);
    expect(() => parseColumnMapping('user_id=')).toThrow(/no source/);
    expect(() => parseColumnMapping('user_id')).toThrow(/not target=source/);
  });

  it('reads a JSON mapping file', async () => {
    const file = tempFolder('mapping').path('mapping.json');
    writeFileSync(
      file,
      JSON.stringify({
        columns: { user_id: 'CustomerID', type: ':purchase' },
        tsFormat: 'M/D/YYYY H:MM',
        missingValues: ['NA'],
      }),
    );
    expect(await resolveColumnMapping(file)).toEqual({
      columns: { user_id: 'CustomerID', type: ':purchase' },
      tsFormat: 'M/D/YYYY H:MM',
      missingValues: ['NA'],
    });
  });

  it('binds targets to header columns case-insensitively and computes constants and products', () => {
    const header = ['CustomerID', 'stockcode', 'Quantity', 'UnitPrice'];
    const mapping = parseColumnMapping('user_id=customerid,item_id=StockCode,type=:Purchase,value=Quantity*UnitPrice');
    const { reader, unresolved } = resolveFields('events', mapping, header);
    expect(unresolved.map((entry) => entry.target)).toEqual(['ts', 'text']);
    const row = ['12488', ' 21479 ', '3', '1.1'];
    expect(readField(reader, 'user_id', row)).toBe('12488');
    expect(readField(reader, 'item_id', row)).toBe('21479');
    expect(readField(reader, 'type', row)).toBe('Purchase');
    expect(readField(reader, 'value', row)).toBe('3.3');
    expect(readField(reader, 'user_id', ['NA', '1', '1', '1'])).toBeNull();
    expect(readField(reader, 'value', ['1', '1', '', '2'])).toBeNull();
    expect(() => readField(reader, 'value', ['1', '1', 'x', '2'])).toThrow('Quantity "x" is not a number');
  });
});
