'use client';

import { useEffect, useId } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';
import { useImportPreviewQuery } from '@/hooks/useImportPreviewQuery';
import type { ImportFileKind } from '@/hooks/useStartImportMutation';
import type { ImportPreview } from '@/lib/imports/previewImport';
import type { ColumnMapping } from '@/lib/ingest/columnMapping';
import { formatColumnMapping } from '@/lib/ingest/formatColumnMapping';
import styles from './import.module.css';
import { choiceFromSource, type MappingChoice, sourceFromChoice } from './mappingChoice';

const fieldLabels: Record<string, { label: string; hint: string }> = {
  user_id: { label: 'Customer (user ID)', hint: 'who did it' },
  item_id: { label: 'Item ID', hint: 'the product, article or SKU' },
  type: { label: 'Event type', hint: 'view, purchase, …; a fixed value when every row is the same kind' },
  ts: { label: 'Time', hint: 'when it happened' },
  value: { label: 'Value', hint: 'an amount such as revenue; can be a product of two columns' },
  text: { label: 'Text', hint: 'a review or comment' },
  title: { label: 'Title', hint: 'the item’s name' },
  category: { label: 'Category', hint: 'several separated by |' },
  price: { label: 'Price', hint: 'a number' },
  description: { label: 'Description', hint: 'longer text about the item' },
};

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
  return (
    <div className={styles.tableScroll}>
      <table className={styles.previewTable}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            {header.map((name, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a header may repeat a name or leave one blank
              <th key={index} scope="col">
                {name || <span className="muted">(no name)</span>}
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
  const id = useId();
  const label = fieldLabels[target] ?? { label: target, hint: '' };
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
        {required ? <span className="muted"> (required)</span> : null}
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
        <option value="">{required ? '— choose a column —' : '— not imported —'}</option>
        {columns.map((column) => (
          <option key={column} value={`column:${column}`}>
            Column “{column}”
          </option>
        ))}
        {choice.mode === 'column' && !columns.includes(choice.column) ? (
          <option value={`column:${choice.column}`}>“{choice.column}” (not in this file)</option>
        ) : null}
        <option value="mode:constant">Fixed value…</option>
        <option value="mode:product">Column × column…</option>
      </select>
      {choice.mode === 'constant' ? (
        <input
          aria-label={`${label.label}: value for every row`}
          value={choice.value}
          disabled={disabled}
          onChange={(event) => onChoice({ mode: 'constant', value: event.target.value })}
        />
      ) : null}
      {choice.mode === 'product' ? (
        <span className={styles.product}>
          {columnSelect(choice.left, (left) => onChoice({ ...choice, left }), `${label.label}: first column`)}
          <span aria-hidden="true">×</span>
          {columnSelect(choice.right, (right) => onChoice({ ...choice, right }), `${label.label}: second column`)}
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
  const cleanedColumns = [...new Set(preview.cleaned.flatMap(({ row }) => Object.keys(row)))];
  return (
    <div className={styles.previewResult}>
      {preview.problem ? (
        <p role="alert" className="error">
          This file cannot be imported with this mapping: {preview.problem}
        </p>
      ) : null}
      {preview.cleaned.length > 0 ? (
        <CellTable
          caption={`How the first rows will be stored (${preview.cleaned.length} of the first ${preview.rows.length} rows are good)`}
          header={cleanedColumns}
          rows={preview.cleaned
            .slice(0, previewRows)
            .map(({ line, row }) => ({ line, cells: cleanedColumns.map((name) => cellText(row[name] ?? null)) }))}
        />
      ) : null}
      {preview.errors.length > 0 ? (
        <div>
          <h4 className={styles.subhead}>
            {preview.errors.length} of the first {preview.cleaned.length + preview.errors.length} rows would be refused
          </h4>
          <ul className={styles.errorList} aria-label="Rows that would be refused">
            {preview.errors.slice(0, previewRows).map((error) => (
              <li key={error.line}>
                Line {error.line}: {error.reason}
              </li>
            ))}
          </ul>
          <p className={styles.hint}>
            Change the mapping above, or tick “Skip invalid rows” to import the good rows and download the others.
          </p>
        </div>
      ) : preview.cleaned.length > 0 ? (
        <p className={styles.hint}>Every row of the sample reads well.</p>
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
        Columns of {file.name} <span className="muted">({kind})</span>
      </h3>
      {preview.isError ? (
        <ErrorState
          error={preview.error}
          title="Could not read the start of the file"
          onRetry={() => preview.refetch()}
        />
      ) : !shown ? (
        <p className={styles.hint} aria-live="polite">
          Reading the first rows…
        </p>
      ) : (
        <>
          {shown.header.length > 0 ? (
            <CellTable
              caption={`The file’s first ${Math.min(previewRows, shown.rows.length)} rows`}
              header={shown.header}
              rows={shown.rows.slice(0, previewRows).map(({ line, fields }) => ({ line, cells: fields }))}
            />
          ) : null}
          <p className={styles.hint}>
            {shown.mappingSource === 'remembered'
              ? 'The mapping this dataset’s last import used. Change any field:'
              : shown.mappingSource === 'guessed' && !mapping
                ? 'A guessed mapping. Change any field:'
                : 'Which column fills each field:'}
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
          {data && inline === settled ? (
            <PreviewResult preview={data} />
          ) : (
            <p className={styles.hint} aria-live="polite">
              Checking the first rows with this mapping…
            </p>
          )}
        </>
      )}
    </section>
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
  const id = useId();
  const listId = useId();
  return (
    <div className={styles.mappingField}>
      <label htmlFor={id}>Time format</label>
      <input
        id={id}
        list={listId}
        value={value}
        placeholder="ISO 8601 or epoch seconds"
        disabled={disabled}
        onChange={(event) => onValue(event.target.value)}
      />
      <datalist id={listId}>
        {formatSuggestions.map((format) => (
          <option key={format} value={format} />
        ))}
      </datalist>
      <span className={styles.hint}>
        M month, D day, YYYY year, H hour, MM minutes after H:, ss seconds; blank for ISO 8601
      </span>
    </div>
  );
}
