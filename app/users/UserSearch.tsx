'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { userHref } from '@/components/datasetHref';
import { ErrorState } from '@/components/ErrorState';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';
import { useUserSearchQuery } from '@/hooks/useUserSearchQuery';

/** Finds users by the start of their id; Enter opens the typed id directly. */
export function UserSearch({ datasetId, initialSearch }: { datasetId: number; initialSearch: string }) {
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
        aria-label="Find a user"
        onSubmit={(event) => {
          event.preventDefault();
          const id = text.trim();
          if (id) router.push(userHref(id, datasetId));
        }}
      >
        <label htmlFor={inputId}>User id</label>
        <div className="row">
          <input
            id={inputId}
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder="Type the start of an id, e.g. u00"
            autoComplete="off"
            spellCheck={false}
            aria-controls={resultsId}
            aria-describedby={`${inputId}-hint`}
            className="search-input"
          />
          <button type="submit" className="primary" disabled={!text.trim()}>
            Open profile
          </button>
        </div>
        <p id={`${inputId}-hint`} className="muted hint">
          Shows up to 20 ids that start with what you type. Press Enter to open the id exactly as typed.
        </p>
      </form>
      <div id={resultsId} aria-live="polite" className="search-results">
        {query.isError ? (
          <ErrorState error={query.error} title="Search failed" />
        ) : !prefix ? null : query.isPending ? (
          <p className="muted">Searching…</p>
        ) : users.length === 0 ? (
          <p className="muted">No user id starts with “{prefix}”.</p>
        ) : (
          <ul className="result-list" aria-label={`Users whose id starts with ${prefix}`}>
            {users.map((user) => (
              <li key={user.userId}>
                <Link href={userHref(user.userId, datasetId)}>{user.userId}</Link>
                <span className="muted">{user.segmentName ?? 'not in a shown segment'}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
