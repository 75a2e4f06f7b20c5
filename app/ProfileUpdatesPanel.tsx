'use client';

import { useTranslations } from 'next-intl';
import { formatCount, formatDuration, timeAgo } from '@/components/format';
import type { ProfileUpdateStats } from '@/lib/realtime/profileUpdateStats';

/** Lags are usually under a second: milliseconds there, where formatDuration would say 0 s. */
function formatLag(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return formatDuration(ms);
}

/** The overview's real-time figures: how far profiles are behind accepted events, and the last hour. */
export function ProfileUpdatesPanel({ stats }: { stats: ProfileUpdateStats }) {
  const t = useTranslations('Overview');
  const { lastHour } = stats;
  return (
    <section className="panel" aria-labelledby="profile-updates-heading">
      <h2 id="profile-updates-heading">{t('profileUpdates')}</h2>
      <p className="muted small">{t('profileUpdatesHint')}</p>
      <dl className="run-facts">
        <div>
          <dt>{t('updateLag')}</dt>
          <dd>{formatLag(stats.lagMs)}</dd>
        </div>
        <div>
          <dt>{t('queuedUpdates')}</dt>
          <dd>{formatCount(stats.pending)}</dd>
        </div>
        <div>
          <dt>{t('updatedLastHour')}</dt>
          <dd>{formatCount(lastHour.users)}</dd>
        </div>
        <div>
          <dt>{t('throughput')}</dt>
          <dd>{t('perMinute', { count: formatCount(lastHour.usersPerMinute) })}</dd>
        </div>
        <div>
          <dt>{t('lagP95')}</dt>
          <dd>
            {lastHour.lagP50Ms === null ? '—' : `${formatLag(lastHour.lagP50Ms)} / ${formatLag(lastHour.lagP95Ms)}`}
          </dd>
        </div>
        <div>
          <dt>{t('lastUpdate')}</dt>
          <dd>{stats.lastUpdateAt ? timeAgo(stats.lastUpdateAt) : '—'}</dd>
        </div>
      </dl>
      {stats.lastUpdateAt === null ? <p className="muted small">{t('noUpdatesYet')}</p> : null}
      {lastHour.setAside > 0 ? (
        <p className="warning small" role="status">
          {t('updatesSetAside', { count: lastHour.setAside })}
        </p>
      ) : null}
    </section>
  );
}
