'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { formatDuration } from './format';

/** A running job's elapsed time, ticking, and a rough time left from its progress so far. */
export function ElapsedAndEstimate({ startedAt, percent }: { startedAt: string | null; percent: number }) {
  const t = useTranslations('Admin.jobs');
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!startedAt || now === null) return null;
  const elapsed = Math.max(0, now - Date.parse(startedAt));
  const left = percent >= 5 && percent < 100 ? (elapsed * (100 - percent)) / percent : null;
  return (
    <p className="muted small" data-elapsed>
      {left === null
        ? t('runningFor', { elapsed: formatDuration(elapsed) })
        : t('runningForLeft', { elapsed: formatDuration(elapsed), left: formatDuration(left) })}
    </p>
  );
}
