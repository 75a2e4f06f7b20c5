/**
 * K-means speed: our kmeans vs ml-kmeans out of the box vs scikit-learn KMeans(n_init=1), all on
 * the same 100,000 x 32 Gaussian blobs (k = 8), in the same run so the ratio is fair on a shared
 * machine. Usage: npx tsx scripts/bench-kmeans.ts [--rows 100000] [--cols 32] [--k 8] [--repeats 7]
 * scikit-learn runs under /usr/bin/python3 (apt-get install -y python3-sklearn).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kmeans as mlKMeans } from 'ml-kmeans';
import { kmeans } from '@/lib/ml/segment/kmeans';
import { generateGaussianBlobs } from '@/test/fixtures/gaussianBlobs';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const rows = argument('rows', 100_000);
const cols = argument('cols', 32);
const k = argument('k', 8);
const repeats = argument('repeats', 7);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const { matrix } = generateGaussianBlobs({ rows, cols, clusters: k, spread: 3, seed: 2026 });
console.log(`data: ${rows} x ${cols} Gaussian blobs, k = ${k}, ${repeats} repeats (median)`);

const oursTimes: number[] = [];
let oursInertia = 0;
for (let r = 0; r < repeats; r++) {
  const start = performance.now();
  const result = kmeans(matrix, k, { seed: r });
  oursTimes.push(performance.now() - start);
  oursInertia = result.inertia;
}
const ours = median(oursTimes);
console.log(
  `ours:        ${ours.toFixed(0)} ms (min ${Math.min(...oursTimes).toFixed(0)}), inertia ${oursInertia.toExponential(5)}`,
);

const directory = mkdtempSync(path.join(tmpdir(), 'bench-kmeans-'));
const dataPath = path.join(directory, 'data.f32');
writeFileSync(dataPath, Buffer.from(matrix.data.buffer, matrix.data.byteOffset, matrix.data.byteLength));
const sklearnScript = `
import sys, time, json, numpy as np
from sklearn.cluster import KMeans
X = np.fromfile(sys.argv[1], dtype=np.float32).reshape(${rows}, ${cols})
times, inertia = [], 0
for r in range(${repeats}):
    start = time.perf_counter()
    model = KMeans(n_clusters=${k}, n_init=1, random_state=r).fit(X)
    times.append((time.perf_counter() - start) * 1000)
    inertia = float(model.inertia_)
print(json.dumps({"times": times, "inertia": inertia}))
`;
let sklearn: number | null = null;
try {
  const output = execFileSync('/usr/bin/python3', ['-c', sklearnScript, dataPath], { encoding: 'utf8' });
  const parsed = JSON.parse(output.trim().split('\n').at(-1) as string) as { times: number[]; inertia: number };
  sklearn = median(parsed.times);
  console.log(
    `scikit-learn: ${sklearn.toFixed(0)} ms (min ${Math.min(...parsed.times).toFixed(0)}), inertia ${parsed.inertia.toExponential(5)}`,
  );
} catch (error) {
  console.log(`scikit-learn: unavailable (${(error as Error).message.split('\n')[0]})`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}

const conversionStart = performance.now();
const rowsAsArrays: number[][] = Array.from({ length: rows }, (_, i) =>
  Array.from(matrix.data.subarray(i * cols, (i + 1) * cols)),
);
const conversion = performance.now() - conversionStart;
const mlStart = performance.now();
const mlResult = mlKMeans(rowsAsArrays, k, { seed: 0 });
const ml = performance.now() - mlStart;
let mlInertia = 0;
for (let i = 0; i < rows; i++) {
  const centroid = mlResult.centroids[mlResult.clusters[i]];
  for (let t = 0; t < cols; t++) mlInertia += (rowsAsArrays[i][t] - centroid[t]) ** 2;
}
console.log(
  `ml-kmeans:   ${ml.toFixed(0)} ms (+${conversion.toFixed(0)} ms to build number[][]), inertia ${mlInertia.toExponential(5)}`,
);

if (sklearn !== null) console.log(`ratio ours / scikit-learn: ${(ours / sklearn).toFixed(2)}x`);
console.log(`ratio ml-kmeans / ours:    ${(ml / ours).toFixed(1)}x`);
