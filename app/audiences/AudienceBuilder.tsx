'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { withDataset } from '@/components/datasetHref';
import { ErrorState } from '@/components/ErrorState';
import { formatCount } from '@/components/format';
import { useCreateAudienceMutation } from '@/hooks/useAudienceMutations';
import { useAudienceOptionsQuery } from '@/hooks/useAudienceOptionsQuery';
import { useAudiencePreviewQuery } from '@/hooks/useAudiencePreviewQuery';
import type { AudienceOptions } from '@/lib/audiences/audienceOptions';
import { GroupEditor } from './ConditionEditor';
import { type GroupDraft, newGroup, toCondition } from './conditionDraft';

function LivePreview({
  datasetId,
  group,
  options,
}: {
  datasetId: number;
  group: GroupDraft;
  options: AudienceOptions;
}) {
  const root = useMemo(() => toCondition(group, options.runId), [group, options.runId]);
  const preview = useAudiencePreviewQuery(datasetId, root ? { version: 1, root } : null);
  return (
    <section className="panel" aria-labelledby="live-size-heading">
      <h2 id="live-size-heading">Live size</h2>
      {!root ? (
        <p className="muted">Complete every condition to see the size.</p>
      ) : preview.isError ? (
        <p className="error" role="alert">
          {preview.error.message}
        </p>
      ) : preview.data ? (
        <div aria-busy={preview.isFetching}>
          <p className="lead" data-testid="live-size">
            <strong>{formatCount(preview.data.size)}</strong> of {formatCount(preview.data.population)} users
          </p>
          <p className="muted small">
            Measured in {preview.data.ms} ms against run {preview.data.runId}; behaviour windows count back from the
            newest event ({new Date(preview.data.asOf).toLocaleDateString()}).
          </p>
          {preview.data.sample.length ? (
            <>
              <h3>Sample of members</h3>
              <ul className="sample-list" aria-label="Sample of members">
                {preview.data.sample.map((member) => (
                  <li key={member.userId}>
                    <a href={withDataset(`/users/${encodeURIComponent(member.userId)}`, datasetId)}>{member.userId}</a>{' '}
                    <span className="muted small">{member.segment}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : (
        <p className="muted">Sizing…</p>
      )}
    </section>
  );
}

/** The editor: a condition tree with its live size and sample, saved under a name. */
export function AudienceBuilder({ datasetId }: { datasetId: number }) {
  const options = useAudienceOptionsQuery(datasetId);
  const [group, setGroup] = useState<GroupDraft>(() => newGroup());
  const [name, setName] = useState('');
  const [holdout, setHoldout] = useState('0');
  const create = useCreateAudienceMutation(datasetId);
  const router = useRouter();
  if (options.isError)
    return (
      <ErrorState
        error={options.error}
        title="Could not load what audiences can use"
        onRetry={() => options.refetch()}
      />
    );
  if (!options.data) return <p className="muted">Loading the editor…</p>;
  const data = options.data;
  const root = toCondition(group, data.runId);
  const save = (event: React.FormEvent) => {
    event.preventDefault();
    if (!root) return;
    create.mutate(
      { name: name.trim(), definition: { version: 1, root }, holdoutShare: Number(holdout) / 100 },
      { onSuccess: (audience) => router.push(withDataset(`/audiences/${audience.id}`, datasetId)) },
    );
  };
  return (
    <div className="two-columns">
      <form className="panel stack" onSubmit={save} aria-labelledby="builder-heading">
        <h2 id="builder-heading">New audience</h2>
        <GroupEditor group={group} options={data} label="Audience" onChange={setGroup} />
        <div className="row">
          <label>
            Name <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
          </label>
          <label>
            Control group (held out, %){' '}
            <input
              type="number"
              min={0}
              max={50}
              step={1}
              value={holdout}
              onChange={(e) => setHoldout(e.target.value)}
            />
          </label>
          <button type="submit" disabled={!root || !name.trim() || create.isPending}>
            {create.isPending ? 'Saving…' : 'Save audience'}
          </button>
        </div>
        {create.isError ? (
          <p className="error" role="alert">
            {create.error.message}
          </p>
        ) : null}
      </form>
      <LivePreview datasetId={datasetId} group={group} options={data} />
    </div>
  );
}
