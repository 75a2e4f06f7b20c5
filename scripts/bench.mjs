#!/usr/bin/env node
// `npm run bench <name> [args]` runs scripts/bench-<name>.ts; with no name it lists them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const scripts = readdirSync(path.join(import.meta.dirname))
  .filter((file) => /^bench-.+\.ts$/.test(file))
  .map((file) => file.slice('bench-'.length, -'.ts'.length));
const [name, ...args] = process.argv.slice(2);
if (!name || !scripts.includes(name)) {
  console.log(`Usage: npm run bench <name> [-- args]\nBenchmarks: ${scripts.join(', ')}`);
  process.exit(name ? 1 : 0);
}
const tsx = path.join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');
const result = spawnSync(tsx, [path.join(import.meta.dirname, `bench-${name}.ts`), ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
