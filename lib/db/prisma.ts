import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { connectionOptions, databaseUrl } from './connection';

const globalForPrisma = globalThis as unknown as { portraitPrisma?: Map<string, PrismaClient> };
globalForPrisma.portraitPrisma ??= new Map();
const clients = globalForPrisma.portraitPrisma;

/** The Prisma client for DATABASE_URL, one per process (Next.js dev reloads keep it). */
export function getPrisma(url = databaseUrl()): PrismaClient {
  let client = clients.get(url);
  if (!client) {
    client = new PrismaClient({ adapter: new PrismaPg(connectionOptions(url)) });
    clients.set(url, client);
  }
  return client;
}

export async function disconnectPrisma(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((client) => client.$disconnect()));
}
