'use client';

import { useId, useState } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { formatCount, formatDateTime } from '@/components/format';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { useAuditLogQuery } from '@/hooks/useAuditLogQuery';
import styles from './admin.module.css';
import { auditActionLabel, auditDetailRows, auditTargetText } from './auditText';

const pageSize = 25;

const families = [
  { value: '', label: 'Everything' },
  { value: 'export', label: 'Exports' },
  { value: 'retrain', label: 'Retrains' },
  { value: 'import', label: 'Imports' },
  { value: 'user.erase', label: 'Erasures' },
  { value: 'dataset.delete', label: 'Dataset deletions' },
  { value: 'account', label: 'Account changes' },
  { value: 'api-key', label: 'API keys' },
  { value: 'schedule', label: 'Schedules' },
  { value: 'job', label: 'Other jobs' },
];

function DetailTable({ detail }: { detail: Record<string, unknown> }) {
  const rows = auditDetailRows(detail);
  if (rows.length === 0) return null;
  return (
    <table className={styles.detailTable}>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name}>
            <th scope="row">{row.name}</th>
            <td>{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Who exported, retrained, imported, erased, deleted or changed an account, and when; newest first. */
export function AuditLogSection() {
  const filterId = useId();
  const actorFilterId = useId();
  const [page, setPage] = useState(1);
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const audit = useAuditLogQuery({ page, pageSize, action: action || undefined, actor: actor || undefined });
  const pages = audit.data ? Math.max(1, Math.ceil(audit.data.total / pageSize)) : 1;

  return (
    <>
      <div className="picker">
        <label htmlFor={filterId}>Show</label>
        <select
          id={filterId}
          value={action}
          onChange={(event) => {
            setAction(event.target.value);
            setPage(1);
          }}
        >
          {families.map((family) => (
            <option key={family.value} value={family.value}>
              {family.label}
            </option>
          ))}
        </select>
        <label htmlFor={actorFilterId}>by</label>
        <select
          id={actorFilterId}
          value={actor}
          onChange={(event) => {
            setActor(event.target.value);
            setPage(1);
          }}
        >
          <option value="">anyone</option>
          {(audit.data?.actors ?? []).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      {audit.isPending ? (
        <LoadingRegion label="Loading the audit log">
          <Skeleton height={160} />
        </LoadingRegion>
      ) : audit.isError ? (
        <ErrorState error={audit.error} title="Could not load the audit log" onRetry={() => audit.refetch()} />
      ) : audit.data.entries.length === 0 ? (
        <p className="muted">Nothing recorded{action || actor ? ' that matches these filters' : ''} yet.</p>
      ) : (
        <>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Audit log, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">On</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {audit.data.entries.map((entry) => (
                  <tr key={entry.id}>
                    <td className="nowrap">{formatDateTime(entry.at)}</td>
                    <td>{entry.actor}</td>
                    <td>
                      {auditActionLabel(entry.action)}
                      <br />
                      <code className="muted small">{entry.action}</code>
                    </td>
                    <td>{auditTargetText(entry.target, entry.targetLabel)}</td>
                    <td className={styles.detail}>
                      <DetailTable detail={entry.detail} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className={styles.pager} aria-label="Audit log pages">
            <span className="muted small">
              Page {page} of {pages} · {formatCount(audit.data.total)} entries
            </span>
            <button type="button" onClick={() => setPage(page - 1)} disabled={page <= 1 || audit.isFetching}>
              Newer
            </button>
            <button type="button" onClick={() => setPage(page + 1)} disabled={page >= pages || audit.isFetching}>
              Older
            </button>
          </nav>
        </>
      )}
      <p className="muted small">
        An erased user appears under a hash of the dataset and user id, never the id itself.
      </p>
    </>
  );
}
