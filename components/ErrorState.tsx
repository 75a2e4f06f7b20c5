'use client';

import { ApiRequestError } from '@/hooks/fetchJson';
import { NotTrainedState } from './EmptyState';

/** Shows the API's own message; a dataset that is not trained gets the how-to-train state instead. */
export function ErrorState({
  error,
  title = 'Could not load this',
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  if (error instanceof ApiRequestError && error.details?.reason === 'not_trained') {
    return <NotTrainedState datasetName={String(error.details.dataset ?? 'this dataset')} />;
  }
  const message = error instanceof Error ? error.message : 'Something went wrong';
  return (
    <div role="alert" className="error error-state">
      <strong>{title}.</strong> <span>{message}</span>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
