import { checkId } from './checkId';
import { type FieldReader, parseNumber, RowError, readField, type SourceRecord } from './fieldSource';

export interface CleanItem {
  itemId: string;
  title: string | null;
  /** distinct, trimmed; empty when the row names none */
  categories: string[];
  price: number | null;
  description: string | null;
}

const optionalTargets = ['title', 'category', 'price', 'description'] as const;

/** One item record trimmed and typed: item_id is required, `category` splits on the separator, price is a number. */
export function cleanItemRow(reader: FieldReader, record: SourceRecord, missing: Record<string, number>): CleanItem {
  const itemId = readField(reader, 'item_id', record);
  const values: Record<string, string | null> = {};
  for (const target of optionalTargets) {
    values[target] = readField(reader, target, record);
    if (values[target] === null && reader.sources[target]) missing[target] = (missing[target] ?? 0) + 1;
  }
  if (itemId === null) {
    missing.item_id = (missing.item_id ?? 0) + 1;
    throw new RowError('missing item_id');
  }
  let price: number | null = null;
  if (values.price !== null) {
    price = parseNumber(values.price);
    if (price === null) throw new RowError(`price "${values.price}" is not a number`);
  }
  const categories =
    values.category === null
      ? []
      : [...new Set(values.category.split(reader.categorySeparator).map((part) => part.trim()))].filter(
          (part) => part.length > 0 && !reader.missingValues.has(part),
        );
  return {
    itemId: checkId('item_id', itemId),
    title: values.title,
    categories,
    price,
    description: values.description,
  };
}
