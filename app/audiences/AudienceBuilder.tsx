'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { userHref, withDataset } from '@/components/datasetHref';
import { ErrorState } from '@/components/ErrorState';
import { formatCount, formatDate } from '@/components/format';
import { useServerText } from '@/components/useServerText';
import { useCreateAudienceMutation } from '@/hooks/useAudienceMutations';
import { useAudienceOptionsQuery } from '@/hooks/useAudienceOptionsQuery';
import { useAudiencePreviewQuery } from '@/hooks/useAudiencePreviewQuery';
import type { AudienceOptions } from '@/lib/audiences/audienceOptions';
import { GroupEditor } from './ConditionEditor';
import { firstGroup, type GroupDraft, toCondition } from './conditionDraft';

function LivePreview({
  datasetId,
  group,
  options,
}: {
  datasetId: number;
  group: GroupDraft;
  options: AudienceOptions;
}) {
  const t = useTranslations('Audiences');
  const serverText = useServerText();
  const root = useMemo(() => toCondition(group, options.runId), [group, options.runId]);
  const preview = useAudiencePreviewQuery(datasetId, root ? { version: 1, root } : null);
  return (
    <section className="panel" aria-labelledby="live-size-heading">
      <h2 id="live-size-heading">{t('liveSize')}</h2>
      {!root ? (
        <p className="muted">{t('complete')}</p>
      ) : preview.isError ? (
        <p className="error" role="alert">
          {serverText(preview.error.message)}
        </p>
      ) : preview.data ? (
        <div aria-busy={preview.isFetching}>
          <p className="lead" data-testid="live-size">
            {t.rich('sizeOf', {
              strong: (chunks) => <strong>{chunks}</strong>,
              size: formatCount(preview.data.size),
              population: formatCount(preview.data.population),
            })}
          </p>
          <p className="muted small">
            {t('measured', {
              ms: preview.data.ms,
              runId: preview.data.runId,
              asOf: formatDate(new Date(preview.data.asOf).toISOString()),
            })}
          </p>
          {preview.data.sample.length ? (
            <>
              <h3>{t('sample')}</h3>
              <ul className="sample-list" aria-label={t('sample')}>
                {preview.data.sample.map((member) => (
                  <li key={member.userId}>
                    <a href={userHref(member.userId, datasetId)}>{member.userId}</a>{' '}
                    <span className="muted small">{member.segment}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : (
        <p className="muted">{t('sizing')}</p>
      )}
    </section>
  );
}

/** The editor: a condition tree with its live size and sample, saved under a name. */
export function AudienceBuilder({ datasetId }: { datasetId: number }) {
  const t = useTranslations('Audiences');
  const serverText = useServerText();
  const options = useAudienceOptionsQuery(datasetId);
  // null until edited: the first condition is a score only when the run offers one
  const [edited, setGroup] = useState<GroupDraft | null>(null);
  const initial = useMemo(() => (options.data ? firstGroup(options.data.targets) : null), [options.data]);
  const [name, setName] = useState('');
  const [holdout, setHoldout] = useState('0');
  const create = useCreateAudienceMutation(datasetId);
  const router = useRouter();
  if (options.isError)
    return <ErrorState error={options.error} title={t('couldNotLoadOptions')} onRetry={() => options.refetch()} />;
  if (!options.data) return <p className="muted">{t('loadingEditor')}</p>;
  const data = options.data;
  const group = edited ?? (initial as GroupDraft);
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
        <h2 id="builder-heading">{t('new')}</h2>
        <GroupEditor group={group} options={data} label={t('audience')} onChange={setGroup} />
        <div className="row">
          <label>
            {t('name')} <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
          </label>
          <label>
            {t('holdout')}{' '}
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
            {create.isPending ? t('saving') : t('save')}
          </button>
        </div>
        {create.isError ? (
          <p className="error" role="alert">
            {serverText(create.error.message)}
          </p>
        ) : null}
      </form>
      <LivePreview datasetId={datasetId} group={group} options={data} />
    </div>
  );
}
