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
import {
  type MeasuredRecommender,
  sampleFittedRecommenderQuality,
} from '@/lib/evaluate/sampleFittedRecommenderQuality';
import { buildUserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
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
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

console.log(`bench:fit-sample-recommend on ${values.database}, ${cpus().length} cores, load average ${load()}`);
try {
  const datasetId = await findDatasetId(values.dataset);
  if (datasetId === null) throw new Error(`no dataset "${values.dataset}" in ${values.database}`);
  const settings = await readPipelineSettings(datasetId);
  const { events } = await loadPipelineInput(datasetId, undefined, { attributes: false });
  const interactions = buildUserItemInteractions(events);
  const eventCounts = new Int32Array(events.userIds.length);
  for (const u of events.user) eventCounts[u]++;
  console.log(
    `${events.userIds.length} users, ${events.user.length} events, ${interactions.items} items; load ${load()}`,
  );
  const quality = sampleFittedRecommenderQuality(interactions, eventCounts, {
    sampleUsers: Number(values.sample),
    seed: Number(values.seed),
    split: settings.recommendSplit,
    testUsers: Number(values.users),
  });
  const show = (label: string, measured: MeasuredRecommender) =>
    console.log(
      `${label}: ${measured.model} ${JSON.stringify(measured.params)} nDCG@10 ${measured.ndcg.toFixed(4)}, recall@10 ${measured.recall.toFixed(4)} (${measured.seconds.toFixed(1)} s)`,
    );
  show('popularity on every user', quality.popularity);
  show('fitted on everyone', quality.fullFit);
  show('fitted on the sample, every user folded in', quality.sampleItemSide);
  if (quality.sampleChoiceRefitted)
    show("the sample's choice refitted on everyone (startItemModelRefit)", quality.sampleChoiceRefitted);
  else console.log(`${quality.sampleItemSide.model} is not refitted on everyone: the sample's item side is served`);
  const change = (value: number) => `${(((value - quality.fullFit.ndcg) / quality.fullFit.ndcg) * 100).toFixed(2)}%`;
  console.log(
    JSON.stringify(
      {
        users: events.userIds.length,
        events: events.user.length,
        items: interactions.items,
        sample: Math.min(Number(values.sample), events.userIds.length),
        split: quality.split,
        trainingPairs: quality.trainingPairs,
        samplePairs: quality.samplePairs,
        popularity: quality.popularity,
        fullFit: quality.fullFit,
        sampleFit: { ...quality.sampleItemSide, vsFull: change(quality.sampleItemSide.ndcg) },
        sampleChoiceRefitOnEveryone: quality.sampleChoiceRefitted
          ? { ...quality.sampleChoiceRefitted, vsFull: change(quality.sampleChoiceRefitted.ndcg) }
          : null,
        loadAverage: load(),
      },
      null,
      2,
    ),
  );
} finally {
  await closePools();
}
