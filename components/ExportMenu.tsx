'use client';

import { useRef } from 'react';
import { useCanExport } from '@/hooks/useCanExport';
import styles from './ExportMenu.module.css';

const formats = [
  { format: 'csv', label: 'CSV', hint: 'One row per persona, for a spreadsheet' },
  { format: 'pdf', label: 'PDF', hint: 'A one-page card per persona with its chart' },
  { format: 'md', label: 'Markdown', hint: 'A readable brief' },
  { format: 'json', label: 'JSON', hint: 'The full persona objects and run metrics' },
] as const;

/**
 * "Download personas" with one link per format, for product managers and admins (the API
 * refuses analysts, so they are not shown it). `runId` pins the run on screen.
 */
export function ExportMenu({ datasetId, runId }: { datasetId: number; runId?: number }) {
  const canExport = useCanExport();
  const menu = useRef<HTMLDetailsElement>(null);
  if (!canExport) return null;
  const run = runId === undefined ? '' : `&runId=${runId}`;
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
      <summary className="button">Download personas</summary>
      <ul className={styles.list} aria-label="Download the personas as">
        {formats.map(({ format, label, hint }) => (
          <li key={format}>
            <a href={`/api/datasets/${datasetId}/export?format=${format}${run}`} download onClick={close}>
              {label}
              <span className={styles.hint}>{hint}</span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
