import { type ColumnChoice, type FeatureColumn, perUser } from '@/lib/ml/features/featureColumn';
import { dayMs, type UserEventTotals } from '@/lib/ml/features/userEventTotals';

/**
 * Recency, frequency and monetary value of each user's purchases; none when nobody purchased,
 * and no monetary columns when no purchase has a value.
 */
export function purchaseFeatures(totals: UserEventTotals, asOf: number, wanted: ColumnChoice): FeatureColumn[] {
  const { purchases, lastPurchase, spend, pricedPurchases } = totals;
  const users = purchases.length;
  const anyPurchase = purchases.some((count) => count > 0);
  if (!wanted('recency_days', anyPurchase)) return [];
  const columns: FeatureColumn[] = [
    {
      description: {
        name: 'recency_days',
        label: 'Days since last purchase',
        unit: 'days',
        group: 'purchases',
        transform: 'log1p',
        comparison: 'difference',
        sentence: 'last purchased {segment} ago, vs {population} for the median buyer',
        highWord: 'Lapsed',
        lowWord: 'Recent',
      },
      values: perUser(users, (u) => (purchases[u] > 0 ? Math.max(0, asOf - lastPurchase[u]) / dayMs : Number.NaN)),
    },
    {
      description: {
        name: 'purchase_count',
        label: 'Purchases',
        unit: 'count',
        group: 'purchases',
        transform: 'log1p',
        comparison: 'ratio',
        sentence: 'makes {ratio} the median number of purchases ({segment} vs {population})',
        highWord: 'Frequent',
        lowWord: 'Occasional',
      },
      values: purchases,
    },
  ];
  const anyPricedPurchase = pricedPurchases.some((count) => count > 0);
  if (!wanted('monetary_total', anyPricedPurchase)) return columns;
  columns.push(
    {
      description: {
        name: 'monetary_total',
        label: 'Total spend',
        unit: 'money',
        group: 'purchases',
        transform: 'log1p',
        comparison: 'ratio',
        sentence: 'spends {ratio} the median in total ({segment} vs {population})',
        highWord: 'Big-spending',
        lowWord: 'Low-spending',
      },
      values: spend,
    },
    {
      description: {
        name: 'monetary_mean',
        label: 'Spend per order',
        unit: 'money',
        group: 'purchases',
        transform: 'log1p',
        comparison: 'ratio',
        sentence: 'spends {ratio} the median per order ({segment} vs {population})',
        highWord: 'Premium',
        lowWord: 'Bargain',
      },
      values: perUser(users, (u) => (pricedPurchases[u] > 0 ? spend[u] / pricedPurchases[u] : Number.NaN)),
    },
  );
  return columns;
}
