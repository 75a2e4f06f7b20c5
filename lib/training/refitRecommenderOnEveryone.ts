import { getPool } from '@/lib/db/connection';
import { startItemModelRefit } from '@/lib/ml/recommend/refitItemModel';
import type { ServedItemModel } from '@/lib/ml/recommend/servedItemModel';
import { interactionsFromLists } from '@/lib/ml/recommend/userItemInteractions';

export interface RecommenderRefitInput {
  datasetId: number;
  /** every user with events, ascending as the database orders user ids */
  userIds: string[];
  /** the served item side fitted on the sample, and the sample's item ids in its item order */
  model: ServedItemModel;
  itemIds: string[];
  /** distinct user × item pairs it was fitted on */
  fittedPairs: number;
  chunkUsers: number;
}

/**
 * The served recommender's item side refitted on every user with the family and
 * hyper-parameters chosen on the sample (startItemModelRefit): each chunk of users' distinct
 * items is read (one grouped query per chunk, no other event columns) and added while the next
 * is read, so memory is the model's items² whatever the users. Items the sample never saw
 * stay out, as they are out of the model. Null when the family is not refitted (ALS, item-kNN).
 */
export async function refitRecommenderOnEveryone(input: RecommenderRefitInput): Promise<ServedItemModel | null> {
  const refit = startItemModelRefit(input.model);
  if (!refit) return null;
  const indexOf = new Map(input.itemIds.map((id, index) => [id, index]));
  const { userIds, chunkUsers } = input;
  const read = (from: number) => {
    const to = Math.min(userIds.length, from + chunkUsers);
    const reading = getPool().query<[string, string[]]>({
      text: `SELECT user_id, array_agg(DISTINCT item_id) FROM events
             WHERE dataset_id = $1 AND user_id >= $2 AND user_id <= $3 AND item_id IS NOT NULL
             GROUP BY user_id`,
      values: [input.datasetId, userIds[from], userIds[to - 1]],
      rowMode: 'array',
    });
    reading.catch(() => {});
    return reading;
  };
  let next = userIds.length > 0 ? read(0) : null;
  for (let from = 0; from < userIds.length; from += chunkUsers) {
    const { rows } = await (next as ReturnType<typeof read>);
    next = from + chunkUsers < userIds.length ? read(from + chunkUsers) : null;
    const lists = rows.map((row) => {
      const items: number[] = [];
      for (const id of row[1]) {
        const index = indexOf.get(id);
        if (index !== undefined) items.push(index);
      }
      return items;
    });
    refit.add(interactionsFromLists(lists, input.model.items));
  }
  return refit.finish(input.fittedPairs);
}
