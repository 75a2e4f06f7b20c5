'use client';

import { useState } from 'react';
import { formatCount } from '@/components/format';
import { useUpdateAudienceMutation } from '@/hooks/useAudienceMutations';
import { useAudienceOptionsQuery } from '@/hooks/useAudienceOptionsQuery';
import { useAudienceReportQuery } from '@/hooks/useAudienceReportQuery';
import type { AudienceDetail } from '@/lib/audiences/readAudiences';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** The control group's size, a form to change it, and whether targeting moved a goal event. */
export function HoldoutPanel({ audience }: { audience: AudienceDetail }) {
  const update = useUpdateAudienceMutation(audience);
  const options = useAudienceOptionsQuery(audience.datasetId);
  const [share, setShare] = useState(String(Math.round(audience.holdoutShare * 100)));
  const [goal, setGoal] = useState('');
  const [since, setSince] = useState('');
  const report = useAudienceReportQuery(audience.id, goal || null, since ? new Date(since).toISOString() : null);
  return (
    <section className="panel stack" aria-labelledby="holdout-heading">
      <h2 id="holdout-heading">Control group</h2>
      <p>
        {audience.holdoutShare
          ? `${formatCount(audience.holdoutSize)} members (${Math.round(audience.holdoutShare * 100)}%, chosen by a seeded hash of the user id) are held out: never exported or sent.`
          : 'No members are held out.'}
      </p>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate({ holdoutShare: Number(share) / 100 });
        }}
      >
        <label>
          Hold out (%){' '}
          <input type="number" min={0} max={50} step={1} value={share} onChange={(e) => setShare(e.target.value)} />
        </label>
        <button type="submit" disabled={update.isPending}>
          Set control group
        </button>
        {update.isError ? (
          <span className="error" role="alert">
            {update.error.message}
          </span>
        ) : null}
      </form>
      <h3>Did targeting work?</h3>
      <div className="row">
        <label>
          Goal event{' '}
          <select value={goal} onChange={(e) => setGoal(e.target.value)}>
            <option value="">Choose an event</option>
            {(options.data?.eventTypes ?? []).map((type) => (
              <option key={type}>{type}</option>
            ))}
          </select>
        </label>
        <label>
          Since <input type="date" value={since} onChange={(e) => setSince(e.target.value)} />
        </label>
      </div>
      {report.isError ? <p className="error">{report.error.message}</p> : null}
      {report.data ? (
        <section aria-label="Holdout report">
          <table>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Members</th>
                <th scope="col">Did {report.data.goalEvent}</th>
                <th scope="col">Rate (95% interval)</th>
              </tr>
            </thead>
            <tbody>
              {(['targeted', 'holdout'] as const).map((key) => (
                <tr key={key}>
                  <td>{key === 'targeted' ? 'Targeted' : 'Held out'}</td>
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
            Uplift: {(report.data.uplift.absolute * 100).toFixed(1)} percentage points (95% interval{' '}
            {(report.data.uplift.interval[0] * 100).toFixed(1)} to {(report.data.uplift.interval[1] * 100).toFixed(1)})
            {report.data.uplift.relative !== null
              ? `, ${(report.data.uplift.relative * 100).toFixed(0)}% relative`
              : ''}
            .
          </p>
          <p className="muted small">{report.data.note}</p>
        </section>
      ) : null}
    </section>
  );
}
