import { type FeatureColumn, perUser, perUserRatio } from '@/lib/ml/features/featureColumn';
import { dayMs, type UserEventTotals } from '@/lib/ml/features/userEventTotals';

/** How much and how long each user has been active: events, active days, tenure and intensity. */
export function activityFeatures(totals: UserEventTotals): FeatureColumn[] {
  const { total, activeDays, first, last } = totals;
  return [
    {
      description: {
        name: 'event_count',
        label: 'Events',
        unit: 'count',
        group: 'activity',
        transform: 'log1p',
        comparison: 'ratio',
        sentence: 'logs {ratio} the median number of events ({segment} vs {population})',
        highWord: 'Highly active',
        lowWord: 'Light',
      },
      values: total,
    },
    {
      description: {
        name: 'active_days',
        label: 'Active days',
        unit: 'count',
        group: 'activity',
        transform: 'log1p',
        comparison: 'ratio',
        sentence: 'is active on {ratio} as many days as the median user ({segment} vs {population})',
        highWord: 'Regular',
        lowWord: 'One-visit',
      },
      values: activeDays,
    },
    {
      description: {
        name: 'active_span_days',
        label: 'Days from first to last event',
        unit: 'days',
        group: 'activity',
        transform: 'log1p',
        comparison: 'difference',
        sentence: 'has been active over {segment}, vs {population} for the median user',
        highWord: 'Long-standing',
        lowWord: 'New',
      },
      values: perUser(total.length, (u) => (total[u] > 0 ? (last[u] - first[u]) / dayMs : 0)),
    },
    {
      description: {
        name: 'events_per_active_day',
        label: 'Events per active day',
        unit: 'per day',
        group: 'activity',
        transform: 'log1p',
        comparison: 'ratio',
        sentence: 'does {ratio} the median events per active day ({segment} vs {population})',
        highWord: 'Binge',
        lowWord: 'Casual',
      },
      values: perUserRatio(total, activeDays),
    },
  ];
}
