'use client';

import { useTranslations } from 'next-intl';
import { formatDateTime, timeAgo } from '@/components/format';
import type { ProfileFreshness } from '@/lib/realtime/profileFreshness';

/** When the profile last followed new events, from which events, and whose models computed it. */
export function ProfileFreshnessNote({ freshness }: { freshness: ProfileFreshness }) {
  const t = useTranslations('Profile');
  const common = {
    run: freshness.runId,
    trained: formatDateTime(freshness.modelsTrainedAt),
    through: formatDateTime(freshness.eventsThrough),
  };
  return (
    <p className="muted small" role="status" data-testid="profile-freshness">
      {freshness.updatedAt
        ? t('freshUpdated', { ...common, ago: timeAgo(freshness.updatedAt), at: formatDateTime(freshness.updatedAt) })
        : t('freshAsTrained', common)}
      {freshness.updatePending ? ` ${t('freshPending')}` : null}
    </p>
  );
}
