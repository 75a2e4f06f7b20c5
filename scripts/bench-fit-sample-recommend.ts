// `npm run bench:fit-sample-recommend`: the served recommender of a run fitted on everyone and of
// one fitted on a stratified sample, measured with one protocol: one outer split of every user's
// items, each run's procedure (selectRecommender; for the sample, on the sample's rows only, then
// every user folded in from their own items, as the chunk phase does) repeated on its training
// part, and both scored on the same held-out items of the same users; then the sample's choice
// refitted on every user's items as a sample-fitted run now serves it. bench:fit-sample's
// validation nDCG cannot compare them: each run validates candidates fitted on 20,000 users of
// its own, on 3,000 validation users of its own.
//   npm run bench:fit-sample-recommend -- --database portrait_bench_scale_100000 --sample 50000
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { closePools } from '@/lib/db/connection';
import { evaluateOnHoldout } from '@/lib/ml/recommend/evaluateOnHoldout';
import { fitPopularity } from '@/lib/ml/recommend/popularityRecommender';
import type { FittedRecommender } from '@/lib/ml/recommend/recommender';
import { startItemModelRefit } from '@/lib/ml/recommend/refitItemModel';
import { sampleUsersWithItems, selectRecommender } from '@/lib/ml/recommend/selectRecommender';
import { foldInRecommender } from '@/lib/ml/recommend/servedItemModel';
import { splitUserItems } from '@/lib/ml/recommend/splitUserItems';
import { buildUserItemInteractions, type UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { stratifiedUserSample } from '@/lib/training/fitSample';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';

const { values } = parseArgs({
  options: {
    server: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/postgres' },
    database: { type: 'string', default: 'portrait_bench_scale_100000' },
    dataset: { type: 'string', default: 'shop' },
    sample: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '1' },
    /** held-out users scored (a seeded sample of those with a held-out item) */
    users: { type: 'string', default: '20000' },
  },
});
const url = new URL(values.server);
url.pathname = `/${values.database}`;
process.env.DATABASE_URL = url.toString();
const seed = Number(values.seed);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** The rows of `users` (ascending), renumbered from 0, over the same items. */
function rowsOf(interactions: UserItemInteractions, users: Int32Array): UserItemInteractions {
  const userStart = new Int32Array(users.length + 1);
  users.forEach((u, r) => {
    userStart[r + 1] = userStart[r] + interactions.userStart[u + 1] - interactions.userStart[u];
  });
  const itemIndex = new Int32Array(userStart[users.length]);
  const lastTs = new Float64Array(userStart[users.length]);
  users.forEach((u, r) => {
    const from = interactions.userStart[u];
    const to = interactions.userStart[u + 1];
    itemIndex.set(interactions.itemIndex.subarray(from, to), userStart[r]);
    lastTs.set(interactions.lastTs.subarray(from, to), userStart[r]);
  });
  return { users: users.length, items: interactions.items, userStart, itemIndex, lastTs };
}

console.log(`bench:fit-sample-recommend on ${values.database}, ${cpus().length} cores, load average ${load()}`);
try {
  const datasetId = await findDatasetId(values.dataset);
  if (datasetId === null) throw new Error(`no dataset "${values.dataset}" in ${values.database}`);
  const settings = await readPipelineSettings(datasetId);
  const { events } = await loadPipelineInput(datasetId, undefined, { attributes: false });
  const interactions = buildUserItemInteractions(events);
  const eventCounts = new Int32Array(events.userIds.length);
  for (const u of events.user) eventCounts[u]++;
  const sampleUsers = stratifiedUserSample(eventCounts, Number(values.sample), seed);
  const outer = splitUserItems(interactions, { split: settings.recommendSplit, seed });
  const testUsers = sampleUsersWithItems(outer.test, Number(values.users), seed);
  const sampleTrain = rowsOf(outer.train, sampleUsers);
  console.log(
    `${events.userIds.length} users, ${events.user.length} events, ${interactions.items} items; ` +
      `${outer.split} split; ${outer.train.itemIndex.length} training pairs (${sampleTrain.itemIndex.length} of the sample's ${sampleUsers.length} users); ${testUsers.length} test users; load ${load()}`,
  );
  const options = { seed: seed + 1, split: settings.recommendSplit };
  const measure = (label: string, model: FittedRecommender, started: number) => {
    const metrics = evaluateOnHoldout(model, outer.test, { k: 10, users: testUsers });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${label}: ${model.name} ${JSON.stringify(model.params)} nDCG@10 ${metrics.ndcg.toFixed(4)}, recall@10 ${metrics.recall.toFixed(4)} (${seconds.toFixed(1)} s, load ${load()})`,
    );
    return { model: model.name, params: model.params, ndcg: metrics.ndcg, recall: metrics.recall };
  };

  let started = performance.now();
  const popularity = measure('popularity on every user', fitPopularity(outer.train), started);
  started = performance.now();
  const full = selectRecommender(outer.train, options);
  const fullFit = measure('fitted on everyone', full.model, started);
  started = performance.now();
  const sampled = selectRecommender(sampleTrain, options);
  const itemModel = sampled.model.itemModel?.();
  if (!itemModel) throw new Error(`${sampled.model.name} gives no item side to fold users into`);
  const sampleFit = measure(
    'fitted on the sample, every user folded in',
    foldInRecommender(itemModel, outer.train),
    started,
  );
  started = performance.now();
  const refit = startItemModelRefit(itemModel);
  let refitted = null;
  if (refit) {
    refit.add(outer.train);
    refitted = measure(
      "the sample's choice refitted on everyone (startItemModelRefit)",
      foldInRecommender(refit.finish(sampleTrain.itemIndex.length), outer.train),
      started,
    );
  } else console.log(`${itemModel.name} is not refitted on everyone: the sample's item side is served`);
  const change = (value: number) => `${(((value - fullFit.ndcg) / fullFit.ndcg) * 100).toFixed(2)}%`;
  console.log(
    JSON.stringify(
      {
        users: events.userIds.length,
        events: events.user.length,
        items: interactions.items,
        sample: sampleUsers.length,
        split: { kind: outer.split, holdoutFraction: outer.holdoutFraction, seed, testUsers: testUsers.length },
        popularity,
        fullFit,
        sampleFit: { ...sampleFit, vsFull: change(sampleFit.ndcg) },
        sampleChoiceRefitOnEveryone: refitted ? { ...refitted, vsFull: change(refitted.ndcg) } : null,
        loadAverage: load(),
      },
      null,
      2,
    ),
  );
} finally {
  await closePools();
}
