'use client';

import { useLocale, useTranslations } from 'next-intl';
import { ErrorState } from '@/components/ErrorState';
import { formatCount, formatScore } from '@/components/format';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { useServerText } from '@/components/useServerText';
import { useRecommendationsQuery } from '@/hooks/useRecommendationsQuery';
import { formatMoney } from '@/lib/datasets/displayText';
import type { RecommendedItem } from '@/lib/queries/listUserRecommendations';

/** The run's top recommendations for one user, with why each was chosen. */
export function Recommendations({
  datasetId,
  userId,
  currency,
}: {
  datasetId: number;
  userId: string;
  currency: string | null;
}) {
  const t = useTranslations('Recommendations');
  const query = useRecommendationsQuery(datasetId, userId);
  return (
    <section className="panel" aria-labelledby="recommendations-heading">
      <h2 id="recommendations-heading">{t('title')}</h2>
      {query.isError ? (
        <ErrorState error={query.error} title={t('couldNotLoad')} onRetry={() => query.refetch()} />
      ) : query.isPending ? (
        <LoadingRegion label={t('loading')}>
          <Skeleton height={360} />
        </LoadingRegion>
      ) : query.data.items.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <RecommendationTable items={query.data.items} currency={currency} />
      )}
    </section>
  );
}

export function RecommendationTable({ items, currency }: { items: RecommendedItem[]; currency: string | null }) {
  const t = useTranslations('Recommendations');
  const serverText = useServerText();
  const locale = useLocale();
  const rated = items.some((item) => item.predictedRating !== null);
  // a catalogue known only from events (no items file) has no titles, categories or prices: no empty columns for them
  const hasCategories = items.some((item) => item.categories.length > 0);
  const hasPrices = items.some((item) => item.price !== null);
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{t('item')}</th>
          {hasCategories && <th scope="col">{t('categories')}</th>}
          {hasPrices && <th scope="col">{t('price')}</th>}
          <th scope="col">{t('score')}</th>
          {rated && (
            <th scope="col" title={t('predictedRatingHint')}>
              {t('predictedRating')}
            </th>
          )}
          <th scope="col">{t('why')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.rank}>
            <td>{item.rank}</td>
            <td>
              {item.title ? (
                <>
                  {item.title} <span className="muted id">{item.itemId}</span>
                </>
              ) : (
                <span className="id">{item.itemId}</span>
              )}
            </td>
            {hasCategories && <td>{item.categories.join(', ') || '—'}</td>}
            {hasPrices && (
              <td className="nowrap">{formatMoney(item.price, currency, locale === 'en' ? 'en-US' : locale)}</td>
            )}
            {/* popularity scores are counts of users */}
            <td>{Number.isInteger(item.score) ? formatCount(item.score) : formatScore(item.score, 3)}</td>
            {rated && <td>{item.predictedRating === null ? '—' : formatScore(item.predictedRating, 1)}</td>}
            <td>{serverText(item.reason)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
