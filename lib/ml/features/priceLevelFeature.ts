import { type ColumnChoice, type FeatureColumn, perUser } from '@/lib/ml/features/featureColumn';
import type { UserEventTotals } from '@/lib/ml/features/userEventTotals';

/** The mean price of the items each user interacted with; none when no item has a price. */
export function priceLevelFeature(totals: UserEventTotals, wanted: ColumnChoice): FeatureColumn[] {
  const { priceSum, pricedEvents } = totals;
  const anyPricedItem = pricedEvents.some((count) => count > 0);
  if (!wanted('price_level', anyPricedItem)) return [];
  return [
    {
      description: {
        name: 'price_level',
        label: 'Mean price of items interacted with',
        unit: 'money',
        group: 'price',
        transform: 'log1p',
        comparison: 'ratio',
        sentence: 'looks at items priced {ratio} the median ({segment} vs {population})',
        highWord: 'Premium',
        lowWord: 'Budget',
      },
      values: perUser(pricedEvents.length, (u) => (pricedEvents[u] > 0 ? priceSum[u] / pricedEvents[u] : Number.NaN)),
    },
  ];
}
