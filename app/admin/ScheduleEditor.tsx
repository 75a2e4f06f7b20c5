'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { formatDateTime } from '@/components/format';
import { Skeleton } from '@/components/Skeleton';
import { useSaveScheduleMutation } from '@/hooks/useSaveScheduleMutation';
import { useScheduleQuery } from '@/hooks/useScheduleQuery';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import styles from './admin.module.css';

const presets = [
  { label: 'nightly', cron: '0 3 * * *' },
  { label: 'sundays', cron: '0 3 * * 0' },
  { label: 'sixHours', cron: '0 */6 * * *' },
] as const;

/** One dataset's retrain schedule: a cron expression, presets, and when it will next run. */
export function ScheduleEditor({ dataset }: { dataset: DatasetSummary }) {
  const t = useTranslations('Admin.schedule');
  const ids = { input: useId(), help: useId(), error: useId() };
  const schedule = useScheduleQuery(dataset.id);
  const save = useSaveScheduleMutation(dataset.id);
  const [draft, setDraft] = useState('');
  const saved = schedule.data?.cron ?? '';
  useEffect(() => setDraft(saved), [saved]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft.trim() === '' ? null : draft);
  };

  if (schedule.isPending) return <Skeleton height={60} />;
  if (schedule.isError) return <p className={styles.errorText}>{schedule.error.message}</p>;
  const { nextRuns, timeZone } = schedule.data;
  return (
    <form className={styles.field} onSubmit={submit}>
      <label htmlFor={ids.input}>{t('label', { name: dataset.name })}</label>
      <div className={styles.scheduleForm}>
        <input
          id={ids.input}
          className={styles.cronInput}
          value={draft}
          placeholder={t('placeholder')}
          onChange={(event) => setDraft(event.target.value)}
          aria-describedby={`${ids.help}${save.isError ? ` ${ids.error}` : ''}`}
          aria-invalid={save.isError}
          spellCheck={false}
        />
        {presets.map((preset) => (
          <button key={preset.cron} type="button" onClick={() => setDraft(preset.cron)}>
            {t(`presets.${preset.label}`)}
          </button>
        ))}
        <button type="submit" className="primary" disabled={save.isPending || draft.trim() === saved}>
          {save.isPending ? t('saving') : t('save')}
        </button>
        {saved ? (
          <button type="button" onClick={() => save.mutate(null)} disabled={save.isPending}>
            {t('turnOff')}
          </button>
        ) : null}
      </div>
      <p id={ids.help} className="muted small">
        {saved
          ? t('next', { timeZone, runs: nextRuns.map((run) => formatDateTime(run)).join(', ') })
          : t('off', { timeZone })}
      </p>
      {save.isError ? (
        <p id={ids.error} role="alert" className={styles.errorText}>
          {save.error.message}
        </p>
      ) : null}
    </form>
  );
}
