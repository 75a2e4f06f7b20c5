'use client';

import { useTranslations } from 'next-intl';
import { ApiRequestError } from '@/hooks/fetchJson';
import { NotTrainedState } from './EmptyState';
import { useServerText } from './useServerText';

/** Shows the API's own message; a dataset that is not trained gets the how-to-train state instead. */
export function ErrorState({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const t = useTranslations('Common');
  const serverText = useServerText();
  if (error instanceof ApiRequestError && error.details?.reason === 'not_trained') {
    return <NotTrainedState datasetName={String(error.details.dataset ?? t('thisDataset'))} />;
  }
  const message = error instanceof Error ? serverText(error.message) : t('somethingWrong');
  return (
    <div role="alert" className="error error-state">
      <strong>{title ?? t('couldNotLoad')}.</strong> <span>{message}</span>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('tryAgain')}
        </button>
      ) : null}
    </div>
  );
}
