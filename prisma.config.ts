import { defineConfig } from 'prisma/config';

// Prisma's CLI downloads a native schema engine for every command; `generate` does not need it.
// Offline machines point it at a dummy; set PRISMA_OFFLINE=0 to let the CLI fetch it.
if (process.env.PRISMA_OFFLINE !== '0' && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = '/bin/false';
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/portrait' },
});
