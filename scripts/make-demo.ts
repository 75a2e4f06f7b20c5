// Writes a demo dataset and prints how long it took and how big the files are.
// npx tsx scripts/make-demo.ts --users 5000 --seed 42 --out ./demo-data
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateDemo } from '@/lib/demo/generateDemo';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: './demo-data' },
  },
});

const users = Number(values.users);
const seed = Number(values.seed);
const startedAt = performance.now();
let lastReport = 0;
const result = await generateDemo({
  users,
  seed,
  outDir: values.out,
  onProgress: (done, total) => {
    const now = performance.now();
    if (now - lastReport > 2000 || done === total) {
      lastReport = now;
      process.stderr.write(`\r${done}/${total} users`);
    }
  },
});
const seconds = (performance.now() - startedAt) / 1000;
process.stderr.write('\n');

const megabytes = async (file: string) => ((await stat(file)).size / 1e6).toFixed(1);
console.log(`users ${result.counts.users}, items ${result.counts.items}, events ${result.counts.events}`);
console.log(`events per user ${(result.counts.events / result.counts.users).toFixed(1)}`);
console.log(`generated in ${seconds.toFixed(2)} s (${Math.round(result.counts.events / seconds)} events/s)`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
for (const [name, file] of Object.entries(result.files)) console.log(`${name}: ${file} ${await megabytes(file)} MB`);
