#!/usr/bin/env node
// 20 clients browse the read API and pages in a loop while a retrain of the demo dataset runs, on a
// server started with `npm start` (demo auto-login); prints the retrain's outcome and every non-200.
//
//   node scripts/browse-during-retrain.mjs http://127.0.0.1:3000
const base = process.argv[2] ?? 'http://127.0.0.1:3400';
const get = async (path) => {
  const response = await fetch(base + path);
  const body = await response.text();
  return { status: response.status, body };
};
const datasets = JSON.parse((await get('/api/datasets')).body).datasets;
const demo = datasets.find((d) => d.name === 'demo');
const seg = JSON.parse((await get(`/api/datasets/${demo.id}/segments/0/users?pageSize=5`)).body);
const user = encodeURIComponent(seg.rows[0].userId);
const b = `/api/datasets/${demo.id}`;
const routes = [
  '/api/datasets',
  `${b}/overview`,
  `${b}/segments`,
  `${b}/segments/0`,
  `${b}/segments/1/users?pageSize=20`,
  `${b}/map`,
  `${b}/runs`,
  `${b}/users?search=u`,
  `${b}/users/${user}`,
  `${b}/users/${user}/recommendations`,
  '/api/jobs',
  '/',
  '/segments',
  `/users/${user}`,
  '/quality',
];
const started = await fetch(`${base}/api/jobs`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ type: 'train', datasetId: demo.id, textModel: false }),
});
const job = (await started.json()).job;
console.log('retrain queued', started.status, job.id);
let running = true;
let requests = 0;
const failures = [];
const loops = Array.from({ length: 20 }, async (_, n) => {
  for (let i = n; running; i++) {
    const url = routes[i % routes.length];
    const r = await get(url);
    requests++;
    if (r.status !== 200) failures.push(`${r.status} ${url} ${r.body.slice(0, 200)}`);
  }
});
const t0 = Date.now();
for (;;) {
  const j = JSON.parse((await get(`/api/jobs/${job.id}`)).body).job;
  if (['succeeded', 'failed', 'cancelled'].includes(j.status)) {
    console.log('retrain', j.status, j.error ?? '', `${((Date.now() - t0) / 1000).toFixed(1)} s`);
    break;
  }
  await new Promise((r) => setTimeout(r, 1000));
}
running = false;
await Promise.all(loops);
console.log(`${requests} requests, ${failures.length} failures`);
for (const f of failures.slice(0, 10)) console.log(f);
