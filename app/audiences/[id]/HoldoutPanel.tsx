'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { formatCount, formatPercent } from '@/components/format';
import { useUpdateAudienceMutation } from '@/hooks/useAudienceMutations';
import { useAudienceOptionsQuery } from '@/hooks/useAudienceOptionsQuery';
import { useAudienceReportQuery } from '@/hooks/useAudienceReportQuery';
import type { AudienceDetail } from '@/lib/audiences/readAudiences';

const percent = (value: number) => formatPercent(value, 1);

/** The control group's size, a form to change it, and whether targeting moved a goal event. */
export function HoldoutPanel({ audience }: { audience: AudienceDetail }) {
  const t = useTranslations('Holdout');
  const update = useUpdateAudienceMutation(audience);
  const options = useAudienceOptionsQuery(audience.datasetId);
  const [share, setShare] = useState(String(Math.round(audience.holdoutShare * 100)));
  const [goal, setGoal] = useState('');
  const [since, setSince] = useState('');
  const report = useAudienceReportQuery(audience.id, goal || null, since ? new Date(since).toISOString() : null);
  return (
    <section className="panel stack" aria-labelledby="holdout-heading">
      <h2 id="holdout-heading">{t('title')}</h2>
      <p>
        {audience.holdoutShare
          ? t('held', { members: formatCount(audience.holdoutSize), share: formatPercent(audience.holdoutShare) })
          : t('none')}
      </p>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate({ holdoutShare: Number(share) / 100 });
        }}
      >
        <label>
          {t('holdOut')}{' '}
          <input type="number" min={0} max={50} step={1} value={share} onChange={(e) => setShare(e.target.value)} />
        </label>
        <button type="submit" disabled={update.isPending}>
          {t('set')}
        </button>
        {update.isError ? (
          <span className="error" role="alert">
            {update.error.message}
          </span>
        ) : null}
      </form>
      <h3>{t('worked')}</h3>
      <div className="row">
        <label>
          {t('goal')}{' '}
          <select value={goal} onChange={(e) => setGoal(e.target.value)}>
            <option value="">{t('chooseEvent')}</option>
            {(options.data?.eventTypes ?? []).map((type) => (
              <option key={type}>{type}</option>
            ))}
          </select>
        </label>
        <label>
          {t('since')} <input type="date" value={since} onChange={(e) => setSince(e.target.value)} />
        </label>
      </div>
      {report.isError ? <p className="error">{report.error.message}</p> : null}
      {report.data ? (
        <section aria-label={t('report')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('group')}</th>
                <th scope="col">{t('members')}</th>
                <th scope="col">{t('did', { event: report.data.goalEvent })}</th>
                <th scope="col">{t('rate')}</th>
              </tr>
            </thead>
            <tbody>
              {(['targeted', 'holdout'] as const).map((key) => (
                <tr key={key}>
                  <td>{key === 'targeted' ? t('targeted') : t('heldOut')}</td>
                  <td>{formatCount(report.data[key].users)}</td>
                  <td>{formatCount(report.data[key].converted)}</td>
                  <td>
                    {percent(report.data[key].rate)} ({percent(report.data[key].interval[0])}–
                    {percent(report.data[key].interval[1])})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            {t(report.data.uplift.relative !== null ? 'upliftRelative' : 'uplift', {
              points: (report.data.uplift.absolute * 100).toFixed(1),
              low: (report.data.uplift.interval[0] * 100).toFixed(1),
              high: (report.data.uplift.interval[1] * 100).toFixed(1),
              relative: formatPercent(report.data.uplift.relative ?? 0),
            })}
          </p>
          <p className="muted small">{report.data.note}</p>
        </section>
      ) : null}
    </section>
  );
}
