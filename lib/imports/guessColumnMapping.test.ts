import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { guessColumnMapping } from './guessColumnMapping';
import { guessTimestampFormat } from './guessTimestampFormat';

// UCI Online Retail sample (Daqing Chen, UCI ML Repository #352, CC BY 4.0), see test/fixtures/README.md
const retail = parse(readFileSync('test/fixtures/uci/online_retail_sample.csv', 'utf8'), { to_line: 21 }) as string[][];

describe('guessing a column mapping', () => {
  it('maps the retail order log: customer, stock code, invoice date with its format, purchase, quantity x price', () => {
    const [header, ...rows] = retail;
    expect(guessColumnMapping('events', header, rows)).toEqual({
      columns: {
        user_id: 'CustomerID',
        item_id: 'StockCode',
        ts: 'InvoiceDate',
        type: ':purchase',
        value: 'Quantity*UnitPrice',
      },
      tsFormat: 'M/D/YYYY H:MM',
    });
    expect(guessColumnMapping('items', header, rows)).toEqual({
      columns: { item_id: 'StockCode', title: 'Description', price: 'UnitPrice' },
    });
  });

  it('keeps a file that already uses Portrait’s names, and gives a constant type only when none is there', () => {
    const header = ['user_id', 'item_id', 'type', 'ts', 'value', 'text'];
    expect(guessColumnMapping('events', header, [['u1', 'i1', 'view', '2026-03-01T10:00:00Z', '', '']])).toEqual({
      columns: { user_id: 'user_id', item_id: 'item_id', type: 'type', ts: 'ts', value: 'value', text: 'text' },
    });
    expect(guessColumnMapping('events', ['visitor_id', 'when'], []).columns.type).toBe(':event');
  });
});

describe('guessing a timestamp format', () => {
  it('needs none for ISO or epoch times, tells day-first from month-first when a day is over 12', () => {
    expect(guessTimestampFormat(['2026-03-01T10:00:00Z', '1772360400']).format).toBeUndefined();
    expect(guessTimestampFormat(['1/9/2011 11:27', '10/31/2011 10:42']).format).toBe('M/D/YYYY H:MM');
    expect(guessTimestampFormat(['31/1/2011 11:27', '9/1/2011 08:00']).format).toBe('D/M/YYYY H:MM');
    expect(guessTimestampFormat(['24.12.2025 18:30:05']).format).toBe('D.M.YYYY H:MM:ss');
  });

  it('reports how many values the best format reads when none reads them all', () => {
    expect(guessTimestampFormat(['1/9/2011 11:27', 'yesterday'])).toEqual({
      format: 'M/D/YYYY H:MM',
      read: 1,
      total: 2,
    });
  });
});
