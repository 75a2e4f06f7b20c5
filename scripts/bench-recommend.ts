/**
 * Recommender benchmark on a synthetic shop with planted co-purchase groups.
 *   npx tsx scripts/bench-recommend.ts [users=5000] [items=1000] [groups=50]
 * Prints nDCG@10 / precision@10 / recall@10 and fit times of every model on the time split,
 * then runs the full selection (evaluateRecommendations) as `portrait evaluate` would. When
 * /usr/bin/python3 has numpy, EASE is also fitted there on the same training part as an anchor.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fitImplicitAls } from '@/lib/ml/recommend/alsRecommender';
import { fitEase } from '@/lib/ml/recommend/easeRecommender';
import { evaluateOnHoldout } from '@/lib/ml/recommend/evaluateOnHoldout';
import { evaluateRecommendations } from '@/lib/ml/recommend/evaluateRecommendations';
import { fitItemKnn } from '@/lib/ml/recommend/itemKnnRecommender';
import { fitPopularity } from '@/lib/ml/recommend/popularityRecommender';
import type { FittedRecommender } from '@/lib/ml/recommend/recommender';
import { splitUserItems } from '@/lib/ml/recommend/splitUserItems';
import { buildUserItemInteractions, type UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';

const [users, items, groups] = [process.argv[2], process.argv[3], process.argv[4]].map((value, index) =>
  Number(value ?? [5000, 1000, 50][index]),
);
const planted = generatePlantedInteractions({ users, items, groups, seed: 1 });
const interactions = buildUserItemInteractions(planted.events);
console.log(
  `dataset: ${users} users, ${items} items, ${groups} groups, ${interactions.itemIndex.length} distinct pairs ` +
    `(${planted.events.user.length} events); Node ${process.version}`,
);
const split = splitUserItems(interactions, { split: 'time', seed: 0 });
console.log(`time split: ${split.train.itemIndex.length} training pairs, ${split.test.itemIndex.length} held out\n`);

const meanItemCount = split.train.itemIndex.length / items;
const models: [string, () => FittedRecommender][] = [
  ['popularity', () => fitPopularity(split.train)],
  ['itemKnn k=100', () => fitItemKnn(split.train, { neighbours: 100 })],
  [`ease λ=${Math.round(meanItemCount)}`, () => fitEase(split.train, { lambda: Math.round(meanItemCount) })],
  ['als f=32', () => fitImplicitAls(split.train, { factors: 32, seed: 1 })],
  ['als f=64', () => fitImplicitAls(split.train, { factors: 64, regularization: 10, alpha: 20, seed: 1 })],
];
console.log('model            nDCG@10  prec@10  recall@10  hitRate  coverage   fit s   eval s');
for (const [name, fitModel] of models) {
  const fitStarted = performance.now();
  const model = fitModel();
  const fitSeconds = (performance.now() - fitStarted) / 1000;
  const evalStarted = performance.now();
  const metrics = evaluateOnHoldout(model, split.test);
  const evalSeconds = (performance.now() - evalStarted) / 1000;
  console.log(
    `${name.padEnd(16)} ${metrics.ndcg.toFixed(4)}   ${metrics.precision.toFixed(4)}   ${metrics.recall.toFixed(4)}     ` +
      `${metrics.hitRate.toFixed(3)}    ${metrics.coverage.toFixed(3)}   ${fitSeconds.toFixed(2).padStart(6)}   ${evalSeconds.toFixed(2).padStart(6)}`,
  );
}

const selectionStarted = performance.now();
const evaluation = evaluateRecommendations(planted.events, { seed: 0 });
const selectionSeconds = (performance.now() - selectionStarted) / 1000;
console.log(`\nevaluateRecommendations (inner-validation selection + test): ${selectionSeconds.toFixed(1)} s`);
for (const candidate of evaluation.details.selection.candidates) {
  console.log(
    `  candidate ${candidate.name.padEnd(10)} ${JSON.stringify(candidate.params).padEnd(70)} ` +
      `validation nDCG@10 ${candidate.validationNdcg.toFixed(4)}  fit ${(candidate.fitMs / 1000).toFixed(2)} s`,
  );
}
console.log(JSON.stringify({ recommend: evaluation.recommend }, null, 2));

numpyEaseAnchor(split.train, split.test, Math.round(meanItemCount));

function numpyEaseAnchor(train: UserItemInteractions, test: UserItemInteractions, lambda: number): void {
  const python = '/usr/bin/python3';
  if (spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status !== 0) {
    console.log('\n(no numpy under /usr/bin/python3: anchor skipped)');
    return;
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'bench-recommend-'));
  const pairs = (part: UserItemInteractions) => {
    const lines: string[] = [];
    for (let u = 0; u < part.users; u++) {
      for (let p = part.userStart[u]; p < part.userStart[u + 1]; p++) lines.push(`${u} ${part.itemIndex[p]}`);
    }
    return lines.join('\n');
  };
  writeFileSync(path.join(folder, 'train.txt'), pairs(train));
  writeFileSync(path.join(folder, 'test.txt'), pairs(test));
  const script = `
import numpy as np, time
users, items, lam = ${train.users}, ${train.items}, ${lambda}
tr = np.loadtxt('${folder}/train.txt', dtype=int).reshape(-1, 2)
te = np.loadtxt('${folder}/test.txt', dtype=int).reshape(-1, 2)
X = np.zeros((users, items)); X[tr[:, 0], tr[:, 1]] = 1
t = time.time()
G = X.T @ X + lam * np.eye(items)
P = np.linalg.inv(G)
B = -P / np.diag(P); np.fill_diagonal(B, 0)
fit = time.time() - t
S = X @ B; S[X > 0] = -np.inf
top = np.argsort(-S, axis=1)[:, :10]
held = {}
for u, i in te: held.setdefault(u, set()).add(i)
disc = 1 / np.log2(np.arange(2, 12))
nd = []
for u, rel in held.items():
    hits = np.array([i in rel for i in top[u]], dtype=float)
    nd.append((hits * disc).sum() / disc[:min(len(rel), 10)].sum())
print(f"numpy EASE λ={lam}: nDCG@10 {np.mean(nd):.4f}, fit {fit:.2f} s (BLAS threads as installed)")
`;
  const result = spawnSync(python, ['-c', script], { encoding: 'utf8' });
  console.log(`\nanchor: ${(result.stdout || result.stderr).trim()}`);
}
