import type { ImportKind } from '@/lib/ingest/types';
import { guessTimestampFormat } from './guessTimestampFormat';

/** Column names (lower case, letters and digits only) that usually hold each field, best first. */
const synonyms: Record<string, readonly string[]> = {
  user_id: [
    'userid',
    'user',
    'customerid',
    'customer',
    'clientid',
    'client',
    'memberid',
    'accountid',
    'visitorid',
    'uid',
  ],
  item_id: [
    'itemid',
    'item',
    'stockcode',
    'sku',
    'productid',
    'product',
    'asin',
    'articleid',
    'article',
    'productcode',
  ],
  type: ['type', 'eventtype', 'event', 'action', 'eventname', 'activity'],
  ts: [
    'ts',
    'timestamp',
    'eventtime',
    'time',
    'datetime',
    'date',
    'invoicedate',
    'orderdate',
    'createdat',
    'occurredat',
    'eventdate',
    'purchasedate',
  ],
  value: ['value', 'amount', 'revenue', 'total', 'sales', 'linetotal', 'ordervalue', 'spend'],
  text: ['text', 'review', 'reviewtext', 'comment', 'comments', 'body', 'message', 'feedback'],
  title: ['title', 'name', 'productname', 'itemname', 'description'],
  category: ['category', 'categories', 'genre', 'department', 'productcategory'],
  price: ['price', 'unitprice', 'listprice', 'cost'],
  description: ['description', 'details', 'summary'],
};

const quantityNames = ['quantity', 'qty', 'units', 'count'];
const unitPriceNames = ['unitprice', 'price', 'itemprice'];
const purchaseHints = ['invoiceno', 'invoice', 'orderid', 'order', 'quantity', 'unitprice', 'receipt'];

const fieldsByKind: Record<ImportKind, readonly string[]> = {
  events: ['user_id', 'item_id', 'type', 'ts', 'value', 'text'],
  items: ['item_id', 'title', 'category', 'price', 'description'],
  users: ['user_id'],
};

export const normalizeColumnName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

export interface GuessedMapping {
  /** target -> source in the mapping language: a column, `:constant` or `Left*Right` */
  columns: Record<string, string>;
  tsFormat?: string;
}

/**
 * A first mapping for a file from its header and a few rows: columns by their usual names,
 * a constant `purchase` type for an order log without a type column, quantity times unit price
 * for the value, and the timestamp format the sample's times are written in.
 */
export function guessColumnMapping(
  kind: ImportKind,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): GuessedMapping {
  const normalized = header.map(normalizeColumnName);
  const used = new Set<number>();
  const find = (names: readonly string[]) => {
    for (const name of names) {
      const index = normalized.findIndex((column, at) => column === name && !used.has(at));
      if (index >= 0) return index;
    }
    return -1;
  };
  const columns: Record<string, string> = {};
  for (const target of fieldsByKind[kind]) {
    const index = find(synonyms[target] ?? [normalizeColumnName(target)]);
    if (index < 0) continue;
    // a price is not an event's value unless nothing better (quantity x price) is there
    if (target === 'value' && unitPriceNames.includes(normalized[index])) continue;
    used.add(index);
    columns[target] = header[index];
  }
  if (kind === 'events') {
    if (!columns.value) {
      const quantity = find(quantityNames);
      const price = find(unitPriceNames);
      if (quantity >= 0 && price >= 0) columns.value = `${header[quantity]}*${header[price]}`;
      else if (price >= 0) columns.value = header[price];
    }
    if (!columns.type) {
      const looksLikeOrders = normalized.some((column) => purchaseHints.includes(column));
      columns.type = looksLikeOrders ? ':purchase' : ':event';
    }
  }
  const guess: GuessedMapping = { columns };
  if (columns.ts) {
    const index = header.indexOf(columns.ts);
    const format = guessTimestampFormat(rows.map((row) => row[index] ?? '')).format;
    if (format) guess.tsFormat = format;
  }
  return guess;
}
