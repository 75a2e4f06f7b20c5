'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRef } from 'react';
import { useCanExport } from '@/hooks/useCanExport';
import styles from './ExportMenu.module.css';

const formats = [
  { format: 'csv', label: 'CSV' },
  { format: 'pdf', label: 'PDF' },
  { format: 'md', label: 'Markdown' },
  { format: 'json', label: 'JSON' },
] as const;

/**
 * "Download personas" with one link per format, for product managers and admins (the API
 * refuses analysts, so they are not shown it). `runId` pins the run on screen.
 */
export function ExportMenu({ datasetId, runId }: { datasetId: number; runId?: number }) {
  const t = useTranslations('Export');
  const locale = useLocale();
  const canExport = useCanExport();
  const menu = useRef<HTMLDetailsElement>(null);
  if (!canExport) return null;
  // the file is written in the screen's language; English needs no parameter
  const run = (runId === undefined ? '' : `&runId=${runId}`) + (locale === 'en' ? '' : `&locale=${locale}`);
  const close = () => {
    if (menu.current) menu.current.open = false;
  };
  return (
    <details
      ref={menu}
      className={styles.menu}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && menu.current?.open) {
          close();
          menu.current.querySelector('summary')?.focus();
        }
      }}
    >
      <summary className="button">{t('download')}</summary>
      <ul className={styles.list} aria-label={t('as')}>
        {formats.map(({ format, label }) => (
          <li key={format}>
            <a href={`/api/datasets/${datasetId}/export?format=${format}${run}`} download onClick={close}>
              {label}
              <span className={styles.hint}>{t(format)}</span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
