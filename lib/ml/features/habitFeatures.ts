import { type ColumnChoice, type FeatureColumn, perUser, perUserRatio } from '@/lib/ml/features/featureColumn';
import type { UserEventTotals } from '@/lib/ml/features/userEventTotals';

/** A Beta prior for a per-user share: mean `share`, worth `strength` pseudo-events. */
export interface HabitPrior {
  share: number;
  strength: number;
}

const dayParts = [
  { name: 'night', label: 'at night (0-6h)', highWord: 'Night-owl' },
  { name: 'morning', label: 'in the morning (6-12h)', highWord: 'Early-bird' },
  { name: 'afternoon', label: 'in the afternoon (12-18h)', highWord: 'Afternoon' },
  { name: 'evening', label: 'in the evening (18-24h)', highWord: 'Evening' },
] as const;

/**
 * Time-of-day and weekend habits: the share of each user's activity in each part of the day and
 * on weekends. Habits of users with few events are shrunk toward the population (empirical Bayes),
 * so one event at 3 a.m. does not make a night owl, and scaled by the spread of the observed
 * shares, so a column that is mostly noise weighs little in the segmentation.
 *
 * Time-of-day shares are of the events with a time: a date given without one (stored at midnight
 * UTC) says nothing about the hour, and counted it would make a night owl of everyone whose log
 * has dates only. The columns need events at more than one part of the day.
 *
 * `fittedPriors`: a fitted model's priors (a column without one is used as observed); without
 * them the priors are estimated from these users. Returns the priors used, by column name.
 */
export function habitFeatures(
  totals: UserEventTotals,
  fittedPriors: Record<string, HabitPrior> | undefined,
  wanted: ColumnChoice,
): { columns: FeatureColumn[]; shrinkage: Record<string, HabitPrior> } {
  const shrinkage: Record<string, HabitPrior> = {};
  const habitShare = (name: string, counts: Float64Array, stride: number, column: number, of: Float64Array) => {
    const prior = fittedPriors ? fittedPriors[name] : estimateHabitPrior(counts, stride, column, of);
    if (prior) shrinkage[name] = prior;
    return shrunkShare(counts, stride, column, of, prior);
  };
  const partsWithEvents = dayParts.filter((_, column) => {
    for (let u = 0; u < totals.total.length; u++) if (totals.dayPartCounts[u * 4 + column] > 0) return true;
    return false;
  }).length;
  const columns: FeatureColumn[] = dayParts.flatMap((part, column) => {
    const name = `time_share_${part.name}`;
    if (!wanted(name, partsWithEvents > 1)) return [];
    return {
      description: {
        name,
        label: `Share of activity ${part.label}`,
        unit: 'share',
        group: 'time of day',
        transform: 'none',
        comparison: 'share',
        sentence: `{segment} of activity ${part.label}, vs {population} overall`,
        highWord: part.highWord,
        lowWord: null,
      },
      ...habitShare(name, totals.dayPartCounts, 4, column, totals.timedEvents),
    };
  });
  columns.push({
    description: {
      name: 'weekend_share',
      label: 'Share of activity on weekends',
      unit: 'share',
      group: 'time of day',
      transform: 'none',
      comparison: 'share',
      sentence: '{segment} of activity on weekends, vs {population} overall',
      highWord: 'Weekend',
      lowWord: 'Weekday',
    },
    ...habitShare('weekend_share', totals.weekendEvents, 1, 0, totals.total),
  });
  return { columns, shrinkage };
}

/** The posterior mean share under the prior, scaled by the observed shares' spread; as observed without a prior. */
function shrunkShare(
  counts: Float64Array,
  stride: number,
  column: number,
  totals: Float64Array,
  prior: HabitPrior | undefined,
): { values: Float64Array; spreadFrom?: Float64Array } {
  const observed = perUserRatio(counts, totals, stride, column);
  if (!prior) return { values: observed };
  const values = perUser(
    totals.length,
    (u) => (counts[u * stride + column] + prior.strength * prior.share) / (totals[u] + prior.strength),
  );
  return { values, spreadFrom: observed };
}

/**
 * The Beta prior of a per-user share by the method of moments: the spread of observed shares
 * beyond what binomial noise around the pooled share explains is the real between-user spread,
 * and its size sets how many pseudo-events the prior is worth (2 to 1000: no fewer than two, so a
 * lone event never decides a habit; 1000 when the shares differ no more than noise would make them).
 */
export function estimateHabitPrior(
  counts: Float64Array,
  stride: number,
  column: number,
  totals: Float64Array,
): HabitPrior {
  let hits = 0;
  let events = 0;
  for (let u = 0; u < totals.length; u++) {
    hits += counts[u * stride + column];
    events += totals[u];
  }
  const share = events > 0 ? hits / events : 0;
  const noise = share * (1 - share);
  let observedSpread = 0;
  let expectedNoise = 0;
  let users = 0;
  for (let u = 0; u < totals.length; u++) {
    if (totals[u] === 0) continue;
    users++;
    observedSpread += (counts[u * stride + column] / totals[u] - share) ** 2;
    expectedNoise += noise / totals[u];
  }
  const between = users > 0 ? (observedSpread - expectedNoise) / users : 0;
  const strength = between > 1e-12 && noise > 0 ? Math.min(1000, Math.max(2, noise / between - 1)) : 1000;
  return { share, strength };
}
