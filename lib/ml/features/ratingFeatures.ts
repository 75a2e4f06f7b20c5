import { type ColumnChoice, type FeatureColumn, perUser } from '@/lib/ml/features/featureColumn';
import type { UserEventTotals } from '@/lib/ml/features/userEventTotals';

const ratingTypes = /^(rate|rating|rated|stars?)$/i;

export function isRatingEventType(type: string): boolean {
  return ratingTypes.test(type);
}

/** Each user's mean rating and number of ratings; none when no rating event has a value. */
export function ratingFeatures(totals: UserEventTotals, wanted: ColumnChoice): FeatureColumn[] {
  const { ratings, ratingSum } = totals;
  const anyRating = ratings.some((count) => count > 0);
  if (!wanted('rating_mean', anyRating)) return [];
  return [
    {
      description: {
        name: 'rating_mean',
        label: 'Mean rating given',
        unit: 'rating',
        group: 'ratings',
        transform: 'none',
        comparison: 'difference',
        sentence: 'rates {segment} on average, vs {population} overall',
        highWord: 'Enthusiastic',
        lowWord: 'Critical',
      },
      values: perUser(ratings.length, (u) => (ratings[u] > 0 ? ratingSum[u] / ratings[u] : Number.NaN)),
    },
    {
      description: {
        name: 'rating_count',
        label: 'Ratings given',
        unit: 'count',
        group: 'ratings',
        transform: 'log1p',
        comparison: 'ratio',
        sentence: 'gives {ratio} the median number of ratings ({segment} vs {population})',
        highWord: 'Rating',
        lowWord: null,
      },
      values: ratings,
    },
  ];
}
