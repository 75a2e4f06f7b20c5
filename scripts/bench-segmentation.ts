/**
 * Segmentation stages at product scale on a synthetic event log with planted personas:
 * behaviour features, behaviour embedding, profile vector, chooseK (k by silhouette on a 5k
 * sample), PCA map (ours vs ml-pca), personas, and agreement with the planted truth.
 * Usage: npx tsx scripts/bench-segmentation.ts [--users 100000] [--events-per-user 20] [--umap]
 */
import { PCA } from 'ml-pca';
import { computeBehaviourEmbedding } from '@/lib/ml/embed/behaviourEmbedding';
import { computeBehaviourFeatures } from '@/lib/ml/features/behaviourFeatures';
import { buildProfileVector } from '@/lib/ml/features/profileVector';
import { projectMap } from '@/lib/ml/map/projectMap';
import { describeSegments } from '@/lib/ml/persona/describeSegments';
import { chooseK } from '@/lib/ml/segment/chooseK';
import { adjustedRandIndex, normalizedMutualInformation } from '@/lib/ml/segment/clusterQuality';
import { defaultPipelineSettings } from '@/lib/ml/types';
import { generateSyntheticEvents } from '@/test/fixtures/syntheticEvents';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function timed<T>(label: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  console.log(`${label.padEnd(44)} ${(performance.now() - start).toFixed(0).padStart(7)} ms`);
  return result;
}

const users = argument('users', 100_000);
const eventsPerUser = argument('events-per-user', 20);

const { events, items, truth, asOf } = timed('generate synthetic events', () =>
  generateSyntheticEvents({ users, eventsPerUser, items: 20_000, seed: 2026 }),
);
console.log(`data: ${users} users, ${events.user.length} events, ${events.itemIds.length} items`);

const features = timed('behaviour features', () =>
  computeBehaviourFeatures(events, items, defaultPipelineSettings, asOf),
);
console.log(`  ${features.matrix.cols} features`);
const embedding = timed('behaviour embedding (tf-idf + randomized SVD, d=16)', () =>
  computeBehaviourEmbedding(events, items, { dimensions: 16, seed: 1 }),
);
const profile = timed('profile vector', () =>
  buildProfileVector([
    { name: 'behaviour', matrix: features.matrix },
    { name: 'embedding', matrix: embedding.matrix },
  ]),
);
console.log(`  ${profile.matrix.cols} columns`);
const segmentation = timed('chooseK (k 3..12, silhouette on 5k sample)', () => chooseK(profile.matrix, { seed: 3 }));
console.log(
  `  chose k=${segmentation.chosenK} (planted 4), silhouette ${segmentation.silhouette.toFixed(3)}, ` +
    `ARI ${adjustedRandIndex(segmentation.labels, truth).toFixed(3)}, NMI ${normalizedMutualInformation(segmentation.labels, truth).toFixed(3)}`,
);
timed('PCA map, ours (covariance + eigenvectors)', () => projectMap(profile.matrix));
const rows = Array.from({ length: profile.matrix.rows }, (_, i) =>
  Array.from(profile.matrix.data.subarray(i * profile.matrix.cols, (i + 1) * profile.matrix.cols)),
);
timed('PCA map, ml-pca (SVD, 2 components)', () => new PCA(rows).predict(rows, { nComponents: 2 }));
const personas = timed('personas', () =>
  describeSegments({
    labels: segmentation.labels,
    k: segmentation.k,
    profile: profile.matrix,
    centroids: segmentation.centroids,
    features,
    events,
    items,
    settings: defaultPipelineSettings,
    asOf,
  }),
);
for (const persona of personas) console.log(`  ${persona.name} (${persona.size})`);
if (process.argv.includes('--umap')) {
  timed('UMAP map (20k sample, rest by nearest anchor)', () => projectMap(profile.matrix, { method: 'umap', seed: 1 }));
}
