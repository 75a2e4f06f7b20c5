/**
 * Portrait's served models against the strongest simple baselines, on the same splits:
 * - recommendations: the recommender a trained run serves, measured as `portrait evaluate` does
 *   (each user's latest 20% of items held out), against EASE with its λ tuned on a validation split
 *   inside the training part (a wide grid) and against popularity;
 * - attributes: attribute inference as `portrait evaluate` measures it (5-fold cross-validation,
 *   the same folds), against a logistic regression on the raw user × item matrix, its weighting
 *   (binary or tf-idf) and L2 penalty chosen by 3-fold validation inside each training fold (each
 *   weighting alone is printed too, for reference: the better of those two picks by the test
 *   folds, which tuning may not). Classes are
 *   compared by AUC (two classes) or one-vs-rest macro-AUC (more), numbers by MAE (the anchor is
 *   then ridge regression on the same matrix).
 * On the generated demo (`--users`, `--seed`) and, when given, a ratings file imported with the
 * CLI's import and mapping: MovieLens' u.data (user, item, rating, time; tab-separated) with
 * `--user-file u.user` (user|age|gender|occupation|zip) for the attributes. Not shipped:
 *
 *   npm run bench:anchors -- [--users 5000] [--seed 1] [--skip-demo] [--ratings path/to/u.data --user-file path/to/u.user]
 *
 * Each dataset is imported into a fresh database on the local Postgres (dropped at the end; kept
 * when named with `--database portrait_bench_...`, where a dataset already there is measured
 * without importing it again) and trained with `portrait train --no-text-model` in a child process
 * first. A run validates its recommender on the dataset's recommendSplit protocol: each split is
 * measured on a run trained with that setting, as a dataset evaluated that way would be.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { updateDatasetSettings } from '@/lib/datasets/datasetSettings';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { closePools, getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { attributeFeatures } from '@/lib/ml/predict/attributeFeatures';
import { crossValidateAttribute } from '@/lib/ml/predict/crossValidateAttribute';
import { encodeAttributeTarget } from '@/lib/ml/predict/encodeAttributeTarget';
import type { PredictorFamily } from '@/lib/ml/predict/fitPredictor';
import { interactionSvdFeatures } from '@/lib/ml/predict/interactionSvdFeatures';
import { crossValidateItemAnchor } from '@/lib/ml/predict/itemAnchor';
import type { ItemWeighting } from '@/lib/ml/predict/itemLinearModel';
import { attributeFamilies, boostingSettings } from '@/lib/ml/predict/modelSettings';
import { itemRowsOf, selectFeatureRows } from '@/lib/ml/predict/sparseRows';
import { stratifiedFolds } from '@/lib/ml/predict/stratifiedSplits';
import { checkLabels, selectRows } from '@/lib/ml/predict/trainTarget';
import { withLinearFallback } from '@/lib/ml/predict/withLinearFallback';
import { evaluateServedRecommender } from '@/lib/ml/recommend/evaluateRecommendations';
import type { RecommenderName } from '@/lib/ml/recommend/recommender';
import { defaultHoldoutFraction, type RecommendSplitKind } from '@/lib/ml/recommend/splitUserItems';
import { tunedEaseAnchor } from '@/lib/ml/recommend/tunedEaseAnchor';
import { buildUserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import type { DenseMatrix, EventTable } from '@/lib/ml/types';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';
import { openBenchDatabase } from './benchDatabase';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '1' },
    ratings: { type: 'string' },
    'user-file': { type: 'string' },
    'skip-demo': { type: 'boolean', default: false },
    database: { type: 'string' },
    server: {
      type: 'string',
      default: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    },
  },
});
const seed = Number(values.seed);
const k = 10;

const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const round = (value: number) => value.toFixed(4);

interface Prepared {
  datasetName: string;
  /** attributes that are the generator's truth, never inferred */
  truth: string[];
}

async function prepareDemo(folder: string): Promise<void> {
  const users = Number(values.users);
  const demo = await generateDemo({ users, seed, outDir: folder });
  console.log(
    `demo: ${demo.counts.users} users, ${demo.counts.items} items, ${demo.counts.events} events (seed ${seed})`,
  );
  const imported = await importFiles({ datasetName: 'anchors-demo', ...demo.files });
  if (!imported.ok) throw new Error('the demo did not import');
  const { rows } = await getPool().query<{ id: number }>("SELECT id FROM datasets WHERE name = 'anchors-demo'");
  await updateDatasetSettings('bench', rows[0].id, { evaluationOnlyAttributes: ['true_persona'] });
}

/** u.data and u.user as files the import reads (a header row; u.user's `|` as commas), imported with `type=:rating`. */
async function prepareRatings(folder: string, ratingsFile: string, userFile?: string): Promise<void> {
  const ratings = path.join(folder, 'ratings.tsv');
  writeFileSync(ratings, `user_id\titem_id\tvalue\tts\n${readFileSync(ratingsFile, 'utf8')}`);
  let users: string | undefined;
  if (userFile) {
    users = path.join(folder, 'users.csv');
    const lines = readFileSync(userFile, 'latin1')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.split('|').slice(0, 4).join(','));
    writeFileSync(users, `user_id,age,gender,occupation\n${lines.join('\n')}\n`);
  }
  const imported = await importFiles({
    datasetName: 'anchors-ratings',
    events: ratings,
    ...(users ? { users } : {}),
    mapping: { columns: { type: ':rating' } },
  });
  if (!imported.ok) throw new Error(`${ratingsFile} did not import`);
  console.log(
    `ratings: ${ratingsFile} (imported as npx portrait import --events ratings.tsv${users ? ' --users users.csv' : ''} --map "type=:rating")`,
  );
}

function train(datasetName: string): void {
  const bin = path.join(import.meta.dirname, '..', 'bin', 'portrait.js');
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [bin, 'train', '--dataset', datasetName, '--no-text-model', '--seed', String(seed), '--json'],
    { env: process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (run.status !== 0) throw new Error(`train failed: ${run.stdout}`);
  console.log(
    `portrait train --no-text-model: ${((performance.now() - started) / 1000).toFixed(1)} s (load ${load()})`,
  );
}

/** The dataset's id and its active run's recommender, after training one that validated on `split` when the active run did not. */
async function servedFor(
  datasetName: string,
  split: RecommendSplitKind,
): Promise<{ datasetId: number; served?: { model?: RecommenderName; params?: Record<string, number> } }> {
  const { rows } = await getPool().query<{ id: number }>('SELECT id FROM datasets WHERE name = $1', [datasetName]);
  const datasetId = rows[0].id;
  if ((await readPipelineSettings(datasetId)).recommendSplit !== split) {
    await updateDatasetSettings('bench', datasetId, { recommendSplit: split });
    train(datasetName);
  }
  const run = await getPool().query<{
    metrics: { recommend?: { model?: RecommenderName; params?: Record<string, number> } };
  }>('SELECT r.metrics FROM datasets d JOIN model_runs r ON r.id = d.active_run_id WHERE d.id = $1', [datasetId]);
  return { datasetId, served: run.rows[0].metrics.recommend };
}

async function measure(prepared: Prepared): Promise<void> {
  const { datasetId } = await servedFor(prepared.datasetName, 'time');
  const { events, attributes } = await loadPipelineInput(datasetId);
  const interactions = buildUserItemInteractions(events);
  console.log(
    `${events.userIds.length} users, ${interactions.items} items, ${interactions.itemIndex.length} user-item pairs`,
  );

  // Recommendations: the protocols of `portrait evaluate` (--split time, its default, and --split random)
  for (const split of ['time', 'random'] as const) {
    const { served } = await servedFor(prepared.datasetName, split);
    if (!served?.model) {
      console.log('recommend: the run serves no recommender');
      break;
    }
    const options = { k, split, holdoutFraction: defaultHoldoutFraction[split], seed };
    const started = performance.now();
    const { recommend } = evaluateServedRecommender(
      events,
      { name: served.model, params: served.params ?? {} },
      options,
    );
    console.log(
      `recommend (--split ${split}), served ${recommend.model} ${JSON.stringify(recommend.params)} (validated on a ${split} split): nDCG@${k} ${round(recommend.ndcg)}, recall@${k} ${round(recommend.recall)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    const anchor = tunedEaseAnchor(interactions, { split, seed, k });
    const grid = anchor.validation.map((tried) => `${tried.lambda}: ${tried.ndcg.toFixed(3)}`).join(', ');
    console.log(
      `  anchor EASE, λ ${anchor.lambda} chosen on validation inside training (validation nDCG by λ ${grid}): nDCG@${k} ${round(anchor.ndcg)}, recall@${k} ${round(anchor.recall)}`,
    );
    console.log(
      `  popularity: nDCG@${k} ${round(recommend.baselines.popularity.ndcg)}, recall@${k} ${round(recommend.baselines.popularity.recall)}`,
    );
  }

  // Attributes: the features and families of `portrait evaluate`, the same folds for the anchor
  const settings = await readPipelineSettings(datasetId);
  const features = attributeFeatures({
    profile: await storedProfiles(datasetId, events),
    itemFactors: interactionSvdFeatures(interactions, { seed }),
    interactions,
    itemIds: events.itemIds,
  });
  const items = { ...emptyDense(events.userIds.length), itemRows: itemRowsOf(interactions) };
  for (const column of attributes) {
    if (prepared.truth.includes(column.name) || settings.evaluationOnlyAttributes.includes(column.name)) continue;
    const encoded = encodeAttributeTarget(column, { sensitiveAttributes: settings.sensitiveAttributes });
    if (encoded.status === 'skipped') continue;
    const started = performance.now();
    const families = attributeFamilies(encoded.kind, encoded.classNames?.length ?? 0, events.userIds.length).families;
    const { result } = await withLinearFallback(families, (tried: PredictorFamily[]) =>
      crossValidateAttribute({
        features: selectRows(features.matrix, encoded.rows),
        labels: encoded.labels,
        kind: encoded.kind,
        featureNames: features.names,
        classNames: encoded.classNames,
        seed,
        boosting: boostingSettings,
        families: tried,
      }),
    );
    if (result.status !== 'evaluated') {
      console.log(`${column.name}: skipped (${result.reason})`);
      continue;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const check = checkLabels({ labels: encoded.labels, kind: encoded.kind });
    if (check.skip) continue;
    const foldOf = stratifiedFolds(check.strata, 5, seed);
    const rowsOf = selectFeatureRows(items, encoded.rows);
    const kindLabel = encoded.kind === 'binary' ? 'AUC' : encoded.kind === 'multiclass' ? 'macro-AUC' : 'MAE';
    const servedFigure = encoded.kind === 'numeric' ? result.attribute.value : (result.auc as number);
    const chosen = [...new Set(result.familiesChosen)].join('/');
    const headline =
      encoded.kind === 'multiclass'
        ? `; macro-F1 ${round(result.attribute.value)} vs majority ${round(result.attribute.baseline)}`
        : encoded.kind === 'numeric'
          ? ` vs median ${round(result.attribute.baseline)}`
          : '';
    console.log(
      `${column.name} (${encoded.kind}, ${encoded.labels.length} labelled): served ${kindLabel} ${round(servedFigure)} (${chosen}${headline}; ${seconds} s)`,
    );
    const model = encoded.kind === 'numeric' ? 'ridge' : 'logistic';
    const anchorOptions = { kind: encoded.kind, classes: check.classes, foldOf, seed };
    for (const weighting of ['binary', 'tfidf'] as ItemWeighting[]) {
      const anchor = crossValidateItemAnchor(rowsOf, encoded.labels, { ...anchorOptions, weighting });
      console.log(
        `  ${model} on the raw user x item matrix, ${weighting} only, L2 tuned: ${kindLabel} ${round(anchor.value)} (L2 chosen ${anchor.l2s.join(', ')})`,
      );
    }
    const tuned = crossValidateItemAnchor(rowsOf, encoded.labels, anchorOptions);
    const gap = encoded.kind === 'numeric' ? tuned.value - servedFigure : servedFigure - tuned.value;
    console.log(
      `  anchor: ${model} on the raw user x item matrix, weighting and L2 tuned: ${kindLabel} ${round(tuned.value)} (chosen ${tuned.weightings.map((w, f) => `${w} ${tuned.l2s[f]}`).join(', ')}); served ${gap >= 0 ? 'matches or beats it' : 'is below it'} by ${round(Math.abs(gap))}`,
    );
  }
}

function emptyDense(rows: number): DenseMatrix {
  return { rows, cols: 0, data: new Float32Array(0) };
}

/** The active run's profile vectors in the order of events.userIds, as `portrait evaluate` reads them. */
async function storedProfiles(datasetId: number, events: EventTable): Promise<DenseMatrix> {
  const { rows } = await getPool().query<{ user_id: string; vector: number[] }>(
    'SELECT p.user_id, p.vector FROM user_profiles p JOIN datasets d ON d.active_run_id = p.run_id WHERE d.id = $1',
    [datasetId],
  );
  const cols = rows[0]?.vector.length ?? 0;
  const index = new Map(events.userIds.map((id, i) => [id, i]));
  const data = new Float32Array(events.userIds.length * cols);
  for (const row of rows) {
    const i = index.get(row.user_id);
    if (i !== undefined) data.set(row.vector, i * cols);
  }
  return { rows: events.userIds.length, cols, data };
}

console.log(`machine: ${os.cpus().length} cores, load average ${load()}; Node ${process.version}`);
const folder = mkdtempSync(path.join(os.tmpdir(), 'bench-anchors-'));
const database = await openBenchDatabase(values.server, 'anchors', values.database);
try {
  const datasets: { prepared: Prepared; prepare: () => Promise<unknown> }[] = [];
  if (!values['skip-demo'])
    datasets.push({
      prepared: { datasetName: 'anchors-demo', truth: ['true_persona'] },
      prepare: () => prepareDemo(folder),
    });
  const ratings = values.ratings;
  if (ratings)
    datasets.push({
      prepared: { datasetName: 'anchors-ratings', truth: [] },
      prepare: () => prepareRatings(folder, ratings, values['user-file']),
    });
  for (const { prepared, prepare } of datasets) {
    const { rows } = await getPool().query('SELECT 1 FROM datasets WHERE name = $1', [prepared.datasetName]);
    if (rows.length === 0) {
      await prepare();
      train(prepared.datasetName);
    } else console.log(`${prepared.datasetName}: kept in ${values.database}, measured as trained`);
    await measure(prepared);
    console.log(`(load average ${load()})\n`);
  }
} finally {
  await closePools();
  await database.finish();
}
