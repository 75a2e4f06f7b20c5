'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { userHref } from '@/components/datasetHref';
import { ErrorState } from '@/components/ErrorState';
import { usePersonaText } from '@/components/usePersonaText';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';
import { useUserSearchQuery } from '@/hooks/useUserSearchQuery';

/** Finds users by the start of their id; Enter opens the typed id directly. */
export function UserSearch({ datasetId, initialSearch }: { datasetId: number; initialSearch: string }) {
  const t = useTranslations('UserLookup');
  const personaName = usePersonaText().name;
  const router = useRouter();
  const inputId = useId();
  const resultsId = useId();
  const [text, setText] = useState(initialSearch);
  const prefix = useDebouncedValue(text.trim());
  const query = useUserSearchQuery(datasetId, prefix);
  const users = prefix ? (query.data?.users ?? []) : [];
  return (
    <div className="panel user-search">
      <form
        aria-label={t('find')}
        onSubmit={(event) => {
          event.preventDefault();
          const id = text.trim();
          if (id) router.push(userHref(id, datasetId));
        }}
      >
        <label htmlFor={inputId}>{t('userId')}</label>
        <div className="row">
          <input
            id={inputId}
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={t('placeholder')}
            autoComplete="off"
            spellCheck={false}
            aria-controls={resultsId}
            aria-describedby={`${inputId}-hint`}
            className="search-input"
          />
          <button type="submit" className="primary" disabled={!text.trim()}>
            {t('open')}
          </button>
        </div>
        <p id={`${inputId}-hint`} className="muted hint">
          {t('hint')}
        </p>
      </form>
      <div id={resultsId} aria-live="polite" className="search-results">
        {query.isError ? (
          <ErrorState error={query.error} title={t('failed')} />
        ) : !prefix ? null : query.isPending ? (
          <p className="muted">{t('searching')}</p>
        ) : users.length === 0 ? (
          <p className="muted">{t('none', { prefix })}</p>
        ) : (
          <ul className="result-list" aria-label={t('results', { prefix })}>
            {users.map((user) => (
              <li key={user.userId}>
                <Link href={userHref(user.userId, datasetId)}>{user.userId}</Link>
                <span className="muted">{user.segmentName ? personaName(user.segmentName) : t('notShown')}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
