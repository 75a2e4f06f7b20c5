import { readFileSync } from 'node:fs';
import path from 'node:path';

export type MessageTree = { [key: string]: string | MessageTree };

const root = path.resolve(import.meta.dirname, '../..');

/** The dashboard's messages in a language, as messages/<locale>.json holds them. */
export function readMessages(locale: string): MessageTree {
  return JSON.parse(readFileSync(path.join(root, 'messages', `${locale}.json`), 'utf8')) as MessageTree;
}

/** Every message by its dotted key ("Admin.tabs.jobs"). */
export function flattenMessages(tree: MessageTree, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(full, value);
    else for (const [k, v] of flattenMessages(value, full)) flat.set(k, v);
  }
  return flat;
}
