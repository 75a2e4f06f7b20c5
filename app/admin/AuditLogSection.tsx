'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { formatCount, formatDateTime } from '@/components/format';
import type { Translate } from '@/components/personaText';
import { LoadingRegion, Skeleton } from '@/components/Skeleton';
import { useAuditLogQuery } from '@/hooks/useAuditLogQuery';
import styles from './admin.module.css';
import { auditText } from './auditText';

const pageSize = 25;

const families = [
  { value: '', label: 'everything' },
  { value: 'export', label: 'exports' },
  { value: 'retrain', label: 'retrains' },
  { value: 'import', label: 'imports' },
  { value: 'user.erase', label: 'erasures' },
  { value: 'dataset.delete', label: 'deletions' },
  { value: 'account', label: 'accounts' },
  { value: 'api-key', label: 'apiKeys' },
  { value: 'schedule', label: 'schedules' },
  { value: 'job', label: 'otherJobs' },
] as const;

function DetailTable({ rows }: { rows: { name: string; value: string }[] }) {
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
  const t = useTranslations('Admin.audit');
  const locale = useLocale();
  const words = auditText(t as unknown as Translate, locale === 'en' ? 'en-US' : locale);
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
        <label htmlFor={filterId}>{t('show')}</label>
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
              {t(`families.${family.label}`)}
            </option>
          ))}
        </select>
        <label htmlFor={actorFilterId}>{t('by')}</label>
        <select
          id={actorFilterId}
          value={actor}
          onChange={(event) => {
            setActor(event.target.value);
            setPage(1);
          }}
        >
          <option value="">{t('anyone')}</option>
          {(audit.data?.actors ?? []).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      {audit.isPending ? (
        <LoadingRegion label={t('loading')}>
          <Skeleton height={160} />
        </LoadingRegion>
      ) : audit.isError ? (
        <ErrorState error={audit.error} title={t('couldNotLoad')} onRetry={() => audit.refetch()} />
      ) : audit.data.entries.length === 0 ? (
        <p className="muted">{action || actor ? t('nothingMatching') : t('nothing')}</p>
      ) : (
        <>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('when')}</th>
                  <th scope="col">{t('who')}</th>
                  <th scope="col">{t('what')}</th>
                  <th scope="col">{t('on')}</th>
                  <th scope="col">{t('details')}</th>
                </tr>
              </thead>
              <tbody>
                {audit.data.entries.map((entry) => (
                  <tr key={entry.id}>
                    <td className="nowrap">{formatDateTime(entry.at)}</td>
                    <td>{entry.actor}</td>
                    <td>
                      {words.actionLabel(entry.action)}
                      <br />
                      <code className="muted small">{entry.action}</code>
                    </td>
                    <td>{words.targetText(entry.target, entry.targetLabel)}</td>
                    <td className={styles.detail}>
                      <DetailTable rows={words.detailRows(entry.detail)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className={styles.pager} aria-label={t('pages')}>
            <span className="muted small">{t('pageOf', { page, pages, entries: formatCount(audit.data.total) })}</span>
            <button type="button" onClick={() => setPage(page - 1)} disabled={page <= 1 || audit.isFetching}>
              {t('newer')}
            </button>
            <button type="button" onClick={() => setPage(page + 1)} disabled={page >= pages || audit.isFetching}>
              {t('older')}
            </button>
          </nav>
        </>
      )}
      <p className="muted small">{t('erasedHint')}</p>
    </>
  );
}
