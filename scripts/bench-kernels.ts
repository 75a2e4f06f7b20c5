// Times the two WebAssembly SIMD kernels against the JavaScript loops they replace, on the same
// data in the same process: `tsx scripts/bench-kernels.ts` runs each mode in its own child.
// Mode "js" makes WebAssembly.validate refuse the kernels, which is the fallback path the code
// keeps for runtimes without SIMD.
import { spawnSync } from 'node:child_process';

const mode = process.argv[2];
if (mode !== 'wasm' && mode !== 'js') {
  const results: Record<string, Record<string, number>> = {};
  for (const each of ['wasm', 'js']) {
    const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, each], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr);
    results[each] = JSON.parse(child.stdout.trim().split('\n').at(-1) as string);
  }
  for (const name of Object.keys(results.wasm)) {
    const ratio = results.js[name] / results.wasm[name];
    console.log(`${name}: wasm ${results.wasm[name]} ms, js ${results.js[name]} ms, js/wasm ${ratio.toFixed(2)}`);
  }
} else {
  if (mode === 'js') WebAssembly.validate = () => false;
  const { fitLogisticRegression } = await import('@/lib/ml/predict/logisticRegression');
  const { fitEase } = await import('@/lib/ml/recommend/easeRecommender');
  const { buildUserItemInteractions } = await import('@/lib/ml/recommend/userItemInteractions');
  const { createSeededRandom } = await import('@/lib/ml/runtime/seededRandom');
  const { generatePlantedInteractions } = await import('@/test/fixtures/plantedInteractions');

  const best = (work: () => void, runs = 7) => {
    let fastest = Number.POSITIVE_INFINITY;
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      work();
      fastest = Math.min(fastest, performance.now() - start);
    }
    return Math.round(fastest);
  };

  const random = createSeededRandom(1);
  const rows = 20_000;
  const cols = 48;
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = random.normal();
  const labels = Int32Array.from({ length: rows }, (_, r) =>
    data[r * cols] + data[r * cols + 1] + random.normal() > 0 ? 1 : 0,
  );
  const classes = Int32Array.from({ length: rows }, (_, r) => Math.abs(Math.round(data[r * cols] * 2)) % 4);
  const matrix = { rows, cols, data };

  const planted = generatePlantedInteractions({ users: 20_000, items: 1_500, seed: 3 });
  const interactions = buildUserItemInteractions(planted.events);
  const model = fitEase(interactions, { lambda: 100 });
  const scores = new Float32Array(interactions.items);

  console.log(
    JSON.stringify({
      'logistic 20000x48 binary': best(() => fitLogisticRegression(matrix, labels)),
      'logistic 20000x48 4 classes': best(() => fitLogisticRegression(matrix, classes, { classes: 4 })),
      'ease scoring 20000 users x 1500 items': best(() => {
        for (let user = 0; user < interactions.users; user++) model.scoreUser(user, scores);
      }),
    }),
  );
}
