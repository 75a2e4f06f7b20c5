import { getPool } from '@/lib/db/connection';
import { requireRun } from './requireRun';

export interface RecommendedItem {
  rank: number;
  itemId: string;
  title: string | null;
  categories: string[];
  price: number | null;
  score: number;
  reason: string;
  /** the rating the run's rating model predicts the user would give; null without ratings data */
  predictedRating: number | null;
}

export interface UserRecommendations {
  datasetId: number;
  runId: number;
  userId: string;
  items: RecommendedItem[];
}

export async function listUserRecommendations(
  datasetId: number,
  userId: string,
  limit: number,
  runId?: number,
): Promise<UserRecommendations> {
  const run = await requireRun(datasetId, runId);
  const { rows } = await getPool().query<{
    rank: number;
    item_id: string;
    title: string | null;
    categories: string[] | null;
    price: number | null;
    score: number;
    reason: string;
    predicted_rating: number | null;
  }>(
    `SELECT r.rank, r.item_id, i.title, i.categories, i.price, r.score, r.reason, r.predicted_rating
     FROM recommendations r LEFT JOIN items i ON i.dataset_id = $1 AND i.item_id = r.item_id
     WHERE r.run_id = $2 AND r.user_id = $3 ORDER BY r.rank LIMIT $4`,
    [datasetId, run.runId, userId, limit],
  );
  return {
    datasetId,
    runId: run.runId,
    userId,
    items: rows.map((row) => ({
      rank: row.rank,
      itemId: row.item_id,
      title: row.title,
      categories: row.categories ?? [],
      price: row.price,
      score: row.score,
      reason: row.reason,
      predictedRating: row.predicted_rating,
    })),
  };
}
