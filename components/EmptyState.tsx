import type { ReactNode } from 'react';

/** Says why a screen is empty and what to do about it. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel empty-state" aria-label={title}>
      <h2>{title}</h2>
      <div className="empty-body">{children}</div>
    </section>
  );
}

export function NoDatasetState() {
  return (
    <EmptyState title="No datasets yet">
      <p>Portrait needs behaviour events to build profiles. Import a CSV of events (user id, item, type, time):</p>
      <ul>
        <li>
          on the <a href="/import">Import screen</a>, or
        </li>
        <li>
          from a terminal: <code>npx portrait import --help</code> shows the options.
        </li>
      </ul>
      <p className="muted">
        A first <code>npm start</code> without <code>--no-demo</code> loads a demo dataset.
      </p>
    </EmptyState>
  );
}

export function NotTrainedState({ datasetName }: { datasetName: string }) {
  return (
    <EmptyState title={`“${datasetName}” has not been trained yet`}>
      <p>Training builds the segments, personas, scores and recommendations this screen shows. Start it:</p>
      <ul>
        <li>
          from a terminal: <code>npx portrait train --dataset {datasetName}</code>, or
        </li>
        <li>
          on the <a href="/admin">Admin screen</a> (admins only).
        </li>
      </ul>
    </EmptyState>
  );
}

export function NoEventsState({ datasetName }: { datasetName: string }) {
  return (
    <EmptyState title={`“${datasetName}” has no events yet`}>
      <p>Import behaviour events into it first, then train it:</p>
      <ul>
        <li>
          on the <a href="/import">Import screen</a>, or from a terminal (<code>npx portrait import --help</code>);
        </li>
        <li>
          then <code>npx portrait train --dataset {datasetName}</code>.
        </li>
      </ul>
    </EmptyState>
  );
}
