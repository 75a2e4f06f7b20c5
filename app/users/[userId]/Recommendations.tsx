'use client';

import { ErrorState } from '@/components/ErrorState';
import { formatScore } from '@/components/format';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { useRecommendationsQuery } from '@/hooks/useRecommendationsQuery';
import type { RecommendedItem } from '@/lib/queries/listUserRecommendations';

/** The run's top recommendations for one user, with why each was chosen. */
export function Recommendations({ datasetId, userId }: { datasetId: number; userId: string }) {
  const query = useRecommendationsQuery(datasetId, userId);
  return (
    <section className="panel" aria-labelledby="recommendations-heading">
      <h2 id="recommendations-heading">Recommendations</h2>
      {query.isError ? (
        <ErrorState error={query.error} title="Could not load the recommendations" onRetry={() => query.refetch()} />
      ) : query.isPending ? (
        <LoadingRegion label="Loading the recommendations">
          <Skeleton height={360} />
        </LoadingRegion>
      ) : query.data.items.length === 0 ? (
        <p className="muted">The run made no recommendations for this user (no events by the run's cut-off).</p>
      ) : (
        <RecommendationTable items={query.data.items} />
      )}
    </section>
  );
}

function RecommendationTable({ items }: { items: RecommendedItem[] }) {
  const rated = items.some((item) => item.predictedRating !== null);
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Item</th>
          <th scope="col">Categories</th>
          <th scope="col">Score</th>
          {rated && (
            <th scope="col" title="The rating this user would likely give the item, from the run's rating model">
              Predicted rating
            </th>
          )}
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.rank}>
            <td>{item.rank}</td>
            <td>
              {item.title ?? <span className="muted">untitled</span>} <span className="muted id">{item.itemId}</span>
            </td>
            <td>{item.categories.join(', ') || '—'}</td>
            <td>{formatScore(item.score, 3)}</td>
            {rated && <td>{item.predictedRating === null ? '—' : item.predictedRating.toFixed(1)}</td>}
            <td>{item.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
