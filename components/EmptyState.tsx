import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';

const code = (chunks: ReactNode) => <code>{chunks}</code>;

/** Says why a screen is empty and what to do about it. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel empty-state" aria-label={title}>
      <h2>{title}</h2>
      <div className="empty-body">{children}</div>
    </section>
  );
}

export function NoDatasetState() {
  const t = useTranslations('Empty');
  return (
    <EmptyState title={t('noDatasetsTitle')}>
      <p>{t('noDatasetsIntro')}</p>
      <ul>
        <li>{t.rich('noDatasetsImport', { link: (chunks) => <a href="/import">{chunks}</a> })}</li>
        <li>{t.rich('noDatasetsCli', { code })}</li>
      </ul>
      <p className="muted">{t.rich('noDatasetsDemo', { code })}</p>
    </EmptyState>
  );
}

export function NotTrainedState({ datasetName }: { datasetName: string }) {
  const t = useTranslations('Empty');
  return (
    <EmptyState title={t('notTrainedTitle', { name: datasetName })}>
      <p>{t('notTrainedIntro')}</p>
      <ul>
        <li>{t.rich('notTrainedCli', { code, name: datasetName })}</li>
        <li>{t.rich('notTrainedAdmin', { link: (chunks) => <a href="/admin">{chunks}</a> })}</li>
      </ul>
    </EmptyState>
  );
}

export function NoEventsState({ datasetName }: { datasetName: string }) {
  const t = useTranslations('Empty');
  return (
    <EmptyState title={t('noEventsTitle', { name: datasetName })}>
      <p>{t('noEventsIntro')}</p>
      <ul>
        <li>{t.rich('noEventsImport', { code, link: (chunks) => <a href="/import">{chunks}</a> })}</li>
        <li>{t.rich('noEventsTrain', { code, name: datasetName })}</li>
      </ul>
    </EmptyState>
  );
}
