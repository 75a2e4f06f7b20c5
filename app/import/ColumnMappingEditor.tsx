'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { useServerText } from '@/components/useServerText';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';
import { useImportPreviewQuery } from '@/hooks/useImportPreviewQuery';
import type { ImportFileKind } from '@/hooks/useStartImportMutation';
import type { ImportPreview } from '@/lib/imports/previewImport';
import type { ColumnMapping } from '@/lib/ingest/columnMapping';
import { defaultMissingValues } from '@/lib/ingest/defaultMissingValues';
import { formatColumnMapping } from '@/lib/ingest/formatColumnMapping';
import styles from './import.module.css';
import { choiceFromSource, type MappingChoice, sourceFromChoice } from './mappingChoice';

const mappedFields = new Set([
  'user_id',
  'item_id',
  'type',
  'ts',
  'value',
  'text',
  'title',
  'category',
  'price',
  'description',
]);

const formatSuggestions = [
  'M/D/YYYY H:MM',
  'D/M/YYYY H:MM',
  'M/D/YYYY H:MM:ss',
  'D.M.YYYY H:MM',
  'YYYY/M/D H:MM:ss',
  'M/D/YYYY',
  'D/M/YYYY',
];

const previewRows = 5;

function CellTable({
  caption,
  header,
  rows,
}: {
  caption: string;
  header: string[];
  rows: { line: number; cells: string[] }[];
}) {
  const t = useTranslations('Mapping');
  return (
    <div className={styles.tableScroll}>
      <table className={styles.previewTable}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('line')}</th>
            {header.map((name, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a header may repeat a name or leave one blank
              <th key={index} scope="col">
                {name || <span className="muted">{t('noName')}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.line}>
              <td>{row.line}</td>
              {row.cells.map((cell, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                <td key={index}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FieldPicker({
  target,
  required,
  header,
  choice,
  onChoice,
  disabled,
}: {
  target: string;
  required: boolean;
  header: string[];
  choice: MappingChoice;
  onChoice: (choice: MappingChoice) => void;
  disabled: boolean;
}) {
  const t = useTranslations('Mapping');
  const id = useId();
  const known = mappedFields.has(target);
  const label = {
    label: known ? t(`field_${target}` as 'field_ts') : target,
    hint: known ? t(`hint_${target}` as 'hint_ts') : '',
  };
  const columns = header.filter((name) => name.length > 0);
  const selectValue =
    choice.mode === 'column' ? `column:${choice.column}` : choice.mode === 'none' ? '' : `mode:${choice.mode}`;
  const columnSelect = (value: string, onValue: (value: string) => void, name: string) => (
    <select aria-label={name} value={value} disabled={disabled} onChange={(event) => onValue(event.target.value)}>
      {columns.map((column) => (
        <option key={column} value={column}>
          {column}
        </option>
      ))}
    </select>
  );
  return (
    <div className={styles.mappingField}>
      <label htmlFor={id}>
        {label.label}
        {required ? <span className="muted">{t('required')}</span> : null}
      </label>
      <select
        id={id}
        value={selectValue}
        disabled={disabled}
        onChange={(event) => {
          const value = event.target.value;
          if (value === '') onChoice({ mode: 'none' });
          else if (value === 'mode:constant')
            onChoice({ mode: 'constant', value: target === 'type' ? 'purchase' : '' });
          else if (value === 'mode:product')
            onChoice({ mode: 'product', left: columns[0] ?? '', right: columns[1] ?? columns[0] ?? '' });
          else onChoice({ mode: 'column', column: value.slice('column:'.length) });
        }}
      >
        <option value="">{required ? t('chooseColumn') : t('notImported')}</option>
        {columns.map((column) => (
          <option key={column} value={`column:${column}`}>
            {t('column', { column })}
          </option>
        ))}
        {choice.mode === 'column' && !columns.includes(choice.column) ? (
          <option value={`column:${choice.column}`}>{t('notInFile', { column: choice.column })}</option>
        ) : null}
        <option value="mode:constant">{t('fixed')}</option>
        <option value="mode:product">{t('product')}</option>
      </select>
      {choice.mode === 'constant' ? (
        <input
          aria-label={t('valueForEvery', { field: label.label })}
          value={choice.value}
          disabled={disabled}
          onChange={(event) => onChoice({ mode: 'constant', value: event.target.value })}
        />
      ) : null}
      {choice.mode === 'product' ? (
        <span className={styles.product}>
          {columnSelect(choice.left, (left) => onChoice({ ...choice, left }), t('firstColumn', { field: label.label }))}
          <span aria-hidden="true">×</span>
          {columnSelect(
            choice.right,
            (right) => onChoice({ ...choice, right }),
            t('secondColumn', { field: label.label }),
          )}
        </span>
      ) : null}
      <span className={styles.hint}>{label.hint}</span>
    </div>
  );
}

function cellText(value: string | number | null): string {
  return value === null ? '—' : String(value);
}

function PreviewResult({ preview }: { preview: ImportPreview }) {
  const t = useTranslations('Mapping');
  const serverText = useServerText();
  const cleanedColumns = [...new Set(preview.cleaned.flatMap(({ row }) => Object.keys(row)))];
  return (
    <div className={styles.previewResult}>
      {preview.problem ? (
        <p role="alert" className="error">
          {t('cannotImport', { problem: preview.problem })}
        </p>
      ) : null}
      {preview.cleaned.length > 0 ? (
        <CellTable
          caption={t('storedCaption', { good: preview.cleaned.length, rows: preview.rows.length })}
          header={cleanedColumns}
          rows={preview.cleaned
            .slice(0, previewRows)
            .map(({ line, row }) => ({ line, cells: cleanedColumns.map((name) => cellText(row[name] ?? null)) }))}
        />
      ) : null}
      {preview.errors.length > 0 ? (
        <div>
          <h4 className={styles.subhead}>
            {t('refused', {
              refused: preview.errors.length,
              rows: preview.cleaned.length + preview.errors.length,
            })}
          </h4>
          <ul className={styles.errorList} aria-label={t('refusedLabel')}>
            {preview.errors.slice(0, previewRows).map((error) => (
              <li key={error.line}>{t('refusedLine', { line: error.line, reason: serverText(error.reason) })}</li>
            ))}
          </ul>
          <p className={styles.hint}>{t('refusedHint')}</p>
        </div>
      ) : preview.cleaned.length > 0 ? (
        <p className={styles.hint}>{t('allGood')}</p>
      ) : null}
    </div>
  );
}

/**
 * The chosen file's header and first rows, a field-by-field mapping (guessed, or remembered for
 * the dataset) the user can change, and the first rows as they would be stored, with the first
 * rows that would be refused.
 */
export function ColumnMappingEditor({
  kind,
  file,
  dataset,
  mapping,
  onMapping,
  onProblem,
  disabled,
}: {
  kind: ImportFileKind;
  file: File;
  dataset: string;
  mapping: ColumnMapping | undefined;
  onMapping: (mapping: ColumnMapping) => void;
  onProblem: (problem: string | null) => void;
  disabled: boolean;
}) {
  const t = useTranslations('Mapping');
  const importT = useTranslations('Import');
  const headingId = useId();
  const inline = mapping ? formatColumnMapping(mapping) : undefined;
  const settled = useDebouncedValue(inline, 250);
  const preview = useImportPreviewQuery({ kind, file, mapping: settled, dataset: settled ? '' : dataset });
  const data = preview.isPlaceholderData ? undefined : preview.data;

  useEffect(() => {
    if (!mapping && data) onMapping(data.mapping);
  }, [mapping, data, onMapping]);
  const problem = preview.isError ? preview.error.message : (data?.problem ?? null);
  useEffect(() => onProblem(problem), [problem, onProblem]);

  const shown = data ?? preview.data;
  const setChoice = (target: string, choice: MappingChoice) => {
    if (!mapping) return;
    const columns = { ...mapping.columns };
    const source = sourceFromChoice(choice);
    if (source === undefined) delete columns[target];
    else columns[target] = source;
    onMapping({ ...mapping, columns });
  };

  return (
    <section className={styles.mapping} aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t.rich('heading', {
          file: file.name,
          kind: importT('kind', { kind }),
          muted: (chunks) => <span className="muted">{chunks}</span>,
        })}
      </h3>
      {preview.isError ? (
        <ErrorState error={preview.error} title={t('couldNotRead')} onRetry={() => preview.refetch()} />
      ) : !shown ? (
        <p className={styles.hint} aria-live="polite">
          {t('reading')}
        </p>
      ) : (
        <>
          {shown.rows.length === 0 ? (
            <p className="error" role="alert">
              {t('noRows')}
            </p>
          ) : null}
          {shown.header.length > 0 && shown.rows.length > 0 ? (
            <CellTable
              caption={t('firstRows', { count: Math.min(previewRows, shown.rows.length) })}
              header={shown.header}
              rows={shown.rows.slice(0, previewRows).map(({ line, fields }) => ({ line, cells: fields }))}
            />
          ) : null}
          <p className={styles.hint}>
            {shown.mappingSource === 'remembered'
              ? t('remembered')
              : shown.mappingSource === 'guessed' && !mapping
                ? t('guessed')
                : t('which')}
          </p>
          {mapping ? (
            <div className={styles.mappingGrid}>
              {shown.targets.map((target) => (
                <div key={target} className={styles.mappingCell}>
                  <FieldPicker
                    target={target}
                    required={shown.required.includes(target)}
                    header={shown.header}
                    choice={choiceFromSource(mapping.columns[target], shown.header)}
                    onChoice={(choice) => setChoice(target, choice)}
                    disabled={disabled}
                  />
                  {target === 'ts' && mapping.columns.ts ? (
                    <TimeFormatField
                      value={mapping.tsFormat ?? ''}
                      disabled={disabled}
                      onValue={(tsFormat) => {
                        const next = { ...mapping };
                        if (tsFormat.trim()) next.tsFormat = tsFormat;
                        else delete next.tsFormat;
                        onMapping(next);
                      }}
                    />
                  ) : null}
                </div>
              ))}
            </div>
          ) : null}
          {mapping ? (
            <MissingValuesField
              value={mapping.missingValues}
              disabled={disabled}
              onValue={(missingValues) => {
                const next = { ...mapping };
                if (missingValues) next.missingValues = missingValues;
                else delete next.missingValues;
                onMapping(next);
              }}
            />
          ) : null}
          {data && inline === settled ? (
            <PreviewResult preview={data} />
          ) : (
            <p className={styles.hint} aria-live="polite">
              {t('checking')}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/**
 * The texts read as a missing value (empty is always one): the defaults until changed, so a
 * stray "unknown" can be added and a number column stays a number.
 */
function MissingValuesField({
  value,
  onValue,
  disabled,
}: {
  value: string[] | undefined;
  onValue: (value: string[] | undefined) => void;
  disabled: boolean;
}) {
  const t = useTranslations('Mapping');
  const id = useId();
  const shown = (value ?? defaultMissingValues).join(' | ');
  const [text, setText] = useState(shown);
  return (
    <div className={styles.mappingField}>
      <label htmlFor={id}>{t('missingValues')}</label>
      <input
        id={id}
        value={text}
        disabled={disabled}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => {
          const values = text
            .split('|')
            .map((part) => part.trim())
            .filter((part) => part !== '');
          const same = values.join('|') === defaultMissingValues.join('|');
          onValue(same ? undefined : values);
        }}
      />
      <span className={styles.hint}>{t('missingValuesHint')}</span>
    </div>
  );
}

function TimeFormatField({
  value,
  onValue,
  disabled,
}: {
  value: string;
  onValue: (value: string) => void;
  disabled: boolean;
}) {
  const t = useTranslations('Mapping');
  const id = useId();
  const listId = useId();
  return (
    <div className={styles.mappingField}>
      <label htmlFor={id}>{t('timeFormat')}</label>
      <input
        id={id}
        list={listId}
        value={value}
        placeholder={t('timePlaceholder')}
        disabled={disabled}
        onChange={(event) => onValue(event.target.value)}
      />
      <datalist id={listId}>
        {formatSuggestions.map((format) => (
          <option key={format} value={format} />
        ))}
      </datalist>
      <span className={styles.hint}>{t('timeHint')}</span>
    </div>
  );
}
