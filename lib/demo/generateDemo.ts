import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { buildDemoCatalog, demoItemCount } from '@/lib/demo/buildDemoCatalog';
import { CsvFileWriter } from '@/lib/demo/CsvFileWriter';
import { simulateDemoUser } from '@/lib/demo/simulateDemoUser';
import { csvCell } from '@/lib/export/csvCell';

export interface GenerateDemoOptions {
  users: number;
  seed: number;
  outDir: string;
  onProgress?: (done: number, total: number) => void;
}

export interface GeneratedDemo {
  files: { events: string; items: string; users: string };
  counts: { users: number; items: number; events: number };
}

export const demoEventColumns = ['user_id', 'item_id', 'type', 'ts', 'value', 'text'] as const;
export const demoItemColumns = ['item_id', 'title', 'category', 'price', 'description'] as const;
export const demoUserColumns = ['user_id', 'age', 'gender', 'city', 'true_persona', 'signup_channel'] as const;

const progressEvery = 1000;

/**
 * Writes a demo shop's events.csv, items.csv and users.csv (RFC 4180, header row, UTF-8, CRLF)
 * into outDir: twelve months of a shop whose customers follow planted personas (true_persona).
 * The same seed gives byte-identical files. Rows are streamed, so memory does not grow with the
 * user count. events.csv is ordered by user, then time.
 */
export async function generateDemo(options: GenerateDemoOptions): Promise<GeneratedDemo> {
  const { users, seed, outDir, onProgress } = options;
  if (!Number.isInteger(users) || users < 1) throw new Error(`users must be a positive integer, got ${users}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);

  await mkdir(outDir, { recursive: true });
  const files = {
    events: path.join(outDir, 'events.csv'),
    items: path.join(outDir, 'items.csv'),
    users: path.join(outDir, 'users.csv'),
  };

  const catalog = buildDemoCatalog(seed, demoItemCount(users));
  const itemsWriter = CsvFileWriter.open(files.items, demoItemColumns);
  const usersWriter = CsvFileWriter.open(files.users, demoUserColumns);
  const eventsWriter = CsvFileWriter.open(files.events, demoEventColumns);
  const writers = [itemsWriter, usersWriter, eventsWriter];

  try {
    for (const item of catalog.items) {
      itemsWriter.writeLine(
        `${item.id},${csvCell(item.title)},${item.categories},${item.price.toFixed(2)},${csvCell(item.description)}`,
      );
    }
    await itemsWriter.close();

    const idWidth = Math.max(6, String(users).length);
    const emitEvent = (line: string) => eventsWriter.writeLine(line);
    let events = 0;
    for (let index = 0; index < users; index++) {
      const userId = `u${String(index + 1).padStart(idWidth, '0')}`;
      const user = simulateDemoUser(seed, index, userId, catalog, emitEvent);
      usersWriter.writeLine(user.line);
      events += user.events;
      if (eventsWriter.wantsFlush) await eventsWriter.flush();
      if (usersWriter.wantsFlush) await usersWriter.flush();
      if (onProgress && ((index + 1) % progressEvery === 0 || index + 1 === users)) onProgress(index + 1, users);
    }
    await Promise.all([usersWriter.close(), eventsWriter.close()]);
    return { files, counts: { users, items: catalog.items.length, events } };
  } catch (error) {
    for (const writer of writers) writer.abort();
    throw error;
  }
}
