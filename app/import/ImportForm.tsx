'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useCallback, useId, useState } from 'react';
import { formatCount } from '@/components/format';
import { type ImportFileKind, type ImportUpload, importKinds } from '@/hooks/useStartImportMutation';
import type { ColumnMapping } from '@/lib/ingest/columnMapping';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import { ColumnMappingEditor } from './ColumnMappingEditor';
import { combineMappings } from './combineMappings';
import { formatBytes } from './formatBytes';
import styles from './import.module.css';

const fileLabels = {
  events: { label: 'eventsFile', columns: 'eventsColumns' },
  items: { label: 'itemsFile', columns: 'itemsColumns' },
  users: { label: 'usersFile', columns: 'usersColumns' },
} as const satisfies Record<ImportFileKind, { label: string; columns: string }>;

const accepted = '.csv,.tsv,.ndjson,.jsonl,.json,.gz,text/csv,application/gzip';

export function oversizedFiles(draft: ImportUpload, maxFileBytes: number): ImportFileKind[] {
  return importKinds.filter((kind) => (draft.files[kind]?.size ?? 0) > maxFileBytes);
}

function DatasetHint({ name, datasets }: { name: string; datasets: DatasetSummary[] }) {
  const t = useTranslations('Import');
  const trimmed = name.trim();
  if (!trimmed) return <p className={styles.hint}>{t('datasetPick')}</p>;
  const existing = datasets.find((dataset) => dataset.name === trimmed);
  if (!existing) return <p className={styles.hint}>{t('datasetNew', { name: trimmed })}</p>;
  return (
    <p className={styles.hint}>
      {t('datasetAdds', {
        name: existing.name,
        users: formatCount(existing.counts.users),
        events: formatCount(existing.counts.events),
      })}
    </p>
  );
}

export interface ImportDraft extends ImportUpload {
  /** the mapping made for each chosen file; combined into one on upload */
  mappings: Partial<Record<ImportFileKind, ColumnMapping>>;
}

/** Dataset name, the three files with their column mappings and the bad-row policy; the parent owns the values. */
export function ImportForm({
  draft,
  onChange,
  onSubmit,
  datasets,
  maxFileBytes,
  busy,
}: {
  draft: ImportDraft;
  onChange: (draft: ImportDraft) => void;
  onSubmit: () => void;
  datasets: DatasetSummary[];
  maxFileBytes: number;
  busy: boolean;
}) {
  const t = useTranslations('Import');
  const ids = { dataset: useId(), list: useId(), datasetHint: useId(), skip: useId(), files: useId() };
  const fileIds = { events: useId(), items: useId(), users: useId() };
  const tooLarge = oversizedFiles(draft, maxFileBytes);
  const hasFile = importKinds.some((kind) => draft.files[kind]);
  const [problems, setProblems] = useState<Partial<Record<ImportFileKind, string | null>>>({});
  const reportProblem = useCallback(
    (kind: ImportFileKind, problem: string | null) =>
      setProblems((current) => (current[kind] === problem ? current : { ...current, [kind]: problem })),
    [],
  );
  const unmappable = importKinds.filter((kind) => draft.files[kind] && problems[kind]);
  const combined = combineMappings(
    Object.fromEntries(importKinds.filter((kind) => draft.files[kind]).map((kind) => [kind, draft.mappings[kind]])),
  );
  const ready =
    draft.dataset.trim().length > 0 &&
    hasFile &&
    tooLarge.length === 0 &&
    unmappable.length === 0 &&
    combined.conflicts.length === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready && !busy) onSubmit();
  };
  const setFile = (kind: ImportFileKind, file: File | undefined) =>
    onChange({ ...draft, files: { ...draft.files, [kind]: file }, mappings: { ...draft.mappings, [kind]: undefined } });
  const setMapping = (kind: ImportFileKind, mapping: ColumnMapping) =>
    onChange({ ...draft, mappings: { ...draft.mappings, [kind]: mapping } });

  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      <div className={styles.field}>
        <label htmlFor={ids.dataset}>{t('datasetName')}</label>
        <input
          id={ids.dataset}
          list={ids.list}
          value={draft.dataset}
          maxLength={100}
          autoComplete="off"
          required
          aria-describedby={ids.datasetHint}
          disabled={busy}
          onChange={(event) => onChange({ ...draft, dataset: event.target.value })}
        />
        <datalist id={ids.list}>
          {datasets.map((dataset) => (
            <option key={dataset.id} value={dataset.name} />
          ))}
        </datalist>
        <div id={ids.datasetHint}>
          <DatasetHint name={draft.dataset} datasets={datasets} />
        </div>
      </div>

      <fieldset className={styles.files} aria-describedby={ids.files}>
        <legend className={styles.legend}>{t('filesLegend')}</legend>
        {importKinds.map((kind) => {
          const file = draft.files[kind];
          const hintId = `${fileIds[kind]}-hint`;
          return (
            <div key={kind} className={styles.fileField}>
              <label htmlFor={fileIds[kind]}>{t(fileLabels[kind].label)}</label>
              <input
                id={fileIds[kind]}
                type="file"
                accept={accepted}
                disabled={busy}
                aria-describedby={hintId}
                aria-invalid={tooLarge.includes(kind) || undefined}
                onChange={(event) => setFile(kind, event.target.files?.[0])}
              />
              <p id={hintId} className={tooLarge.includes(kind) ? styles.fieldError : styles.hint}>
                {file
                  ? tooLarge.includes(kind)
                    ? t('tooLarge', { name: file.name, size: formatBytes(file.size), limit: formatBytes(maxFileBytes) })
                    : t('chosenFile', { name: file.name, size: formatBytes(file.size) })
                  : t('columns', { columns: t(fileLabels[kind].columns) })}
              </p>
            </div>
          );
        })}
      </fieldset>
      <p id={ids.files} className={styles.hint}>
        {t('filesHint', { limit: formatBytes(maxFileBytes) })}
      </p>

      {importKinds.map((kind) => {
        const file = draft.files[kind];
        if (!file || tooLarge.includes(kind)) return null;
        return (
          <ColumnMappingEditor
            key={`${kind}:${file.name}:${file.size}:${file.lastModified}`}
            kind={kind}
            file={file}
            dataset={draft.dataset}
            mapping={draft.mappings[kind]}
            onMapping={(mapping) => setMapping(kind, mapping)}
            onProblem={(problem) => reportProblem(kind, problem)}
            disabled={busy}
          />
        );
      })}
      {combined.conflicts.length > 0 ? (
        <p role="alert" className="error">
          {t('conflicts', { conflicts: combined.conflicts.join('; ') })}
        </p>
      ) : null}

      <div>
        <label className={styles.check} htmlFor={ids.skip}>
          <input
            id={ids.skip}
            type="checkbox"
            checked={draft.skipInvalid}
            disabled={busy}
            onChange={(event) => onChange({ ...draft, skipInvalid: event.target.checked })}
          />
          {t('skipInvalid')}
        </label>
        <p className={styles.hint}>{t('skipHint')}</p>
      </div>

      <div className={styles.actions}>
        <button type="submit" className="primary" disabled={!ready || busy}>
          {t('submit')}
        </button>
        {!hasFile ? <span className={styles.hint}>{t('chooseFile')}</span> : null}
        {unmappable.length > 0 ? (
          <span className={styles.fieldError}>
            {t('missingColumns', { files: unmappable.map((kind) => t('kind', { kind })).join(t('and')) })}
          </span>
        ) : null}
      </div>
    </form>
  );
}
