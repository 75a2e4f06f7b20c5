'use client';

import { useTranslations } from 'next-intl';
import { type FormEvent, useId, useState } from 'react';
import { displayName } from '@/components/displayName';
import { formatCount } from '@/components/format';
import { Skeleton } from '@/components/Skeleton';
import { useDatasetSettingsQuery } from '@/hooks/useDatasetSettingsQuery';
import { useSaveDatasetSettingsMutation } from '@/hooks/useSaveDatasetSettingsMutation';
import type { DatasetSettingsPatch, DatasetSettingsView } from '@/lib/datasets/datasetSettings';
import type { PipelineSettings } from '@/lib/ml/types';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import styles from './admin.module.css';

const sameNames = (a: string[], b: string[]) => a.length === b.length && a.every((name) => b.includes(name));

const splitList = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** The fields of the form that differ from the saved settings, as a PATCH body. */
function changes(saved: DatasetSettingsView, draft: Draft): DatasetSettingsPatch {
  const patch: DatasetSettingsPatch = {};
  const purchaseTypes = splitList(draft.purchaseTypes);
  if (!sameNames(purchaseTypes, saved.settings.purchaseTypes)) patch.purchaseTypes = purchaseTypes;
  if (Number(draft.segmentSizeFloor) !== saved.settings.segmentSizeFloor)
    patch.segmentSizeFloor = Number(draft.segmentSizeFloor);
  if (Number(draft.horizonDays) !== saved.settings.horizonDays) patch.horizonDays = Number(draft.horizonDays);
  if (Number(draft.valueHorizonDays) !== saved.settings.valueHorizonDays)
    patch.valueHorizonDays = Number(draft.valueHorizonDays);
  if (draft.recommendSplit !== saved.settings.recommendSplit) patch.recommendSplit = draft.recommendSplit;
  if (!sameNames(draft.sensitive, saved.settings.sensitiveAttributes)) patch.sensitiveAttributes = draft.sensitive;
  const currency = draft.currency.trim().toUpperCase();
  if (currency !== (saved.display.currency ?? '')) patch.currency = currency || null;
  const displayNames = Object.fromEntries(
    Object.entries(draft.displayNames)
      .map(([name, label]) => [name, label.trim()])
      .filter(([, label]) => label),
  );
  const savedNames = saved.display.displayNames;
  const sameLabels =
    Object.keys(displayNames).length === Object.keys(savedNames).length &&
    Object.entries(displayNames).every(([name, label]) => savedNames[name] === label);
  if (!sameLabels) patch.displayNames = displayNames;
  return patch;
}

interface Draft {
  purchaseTypes: string;
  segmentSizeFloor: string;
  horizonDays: string;
  valueHorizonDays: string;
  recommendSplit: PipelineSettings['recommendSplit'];
  /** every name marked sensitive, including stored names no user attribute has (yet) */
  sensitive: string[];
  /** an ISO 4217 code, or empty for plain numbers */
  currency: string;
  displayNames: Record<string, string>;
}

function draftOf(view: DatasetSettingsView): Draft {
  return {
    purchaseTypes: view.settings.purchaseTypes.join(', '),
    segmentSizeFloor: String(view.settings.segmentSizeFloor),
    horizonDays: String(view.settings.horizonDays),
    valueHorizonDays: String(view.settings.valueHorizonDays),
    recommendSplit: view.settings.recommendSplit,
    sensitive: [...view.settings.sensitiveAttributes],
    currency: view.display.currency ?? '',
    displayNames: { ...view.display.displayNames },
  };
}

const currencyCodes = Intl.supportedValuesOf('currency');

const recommendSplits = ['time', 'random'] as const;

/** Which hold-out a run tunes its recommender on, each choice with what it means for an analyst. */
function RecommendSplitFieldset({
  value,
  onChange,
}: {
  value: PipelineSettings['recommendSplit'];
  onChange: (split: PipelineSettings['recommendSplit']) => void;
}) {
  const t = useTranslations('Admin.settings');
  const name = useId();
  const helpId = useId();
  return (
    <fieldset className={styles.fieldset} aria-describedby={helpId}>
      <legend className={styles.legend}>{t('recommendSplit')}</legend>
      <p id={helpId} className="muted small">
        {t('recommendSplitHelp')}
      </p>
      {recommendSplits.map((split) => (
        <div key={split} className={styles.choices}>
          <label>
            <input
              type="radio"
              name={name}
              checked={value === split}
              onChange={() => onChange(split)}
              aria-describedby={`${name}-${split}`}
            />
            {t(`split.${split}`)}
          </label>
          <span id={`${name}-${split}`} className="muted small">
            {t(`split.${split}Help`)}
          </span>
        </div>
      ))}
    </fieldset>
  );
}

/** Attribute and event-type names with a box each for what analysts read instead. */
function DisplayNamesFieldset({
  saved,
  draft,
  onChange,
}: {
  saved: DatasetSettingsView;
  draft: Draft;
  onChange: (name: string, label: string) => void;
}) {
  const t = useTranslations('Admin.settings');
  const helpId = useId();
  const groups = [
    { title: t('attributes'), names: saved.attributes.map((attribute) => attribute.name) },
    { title: t('eventTypes'), names: saved.eventTypes },
  ].filter((group) => group.names.length > 0);
  return (
    <fieldset className={styles.fieldset} aria-describedby={helpId}>
      <legend className={styles.legend}>{t('displayNames')}</legend>
      <p id={helpId} className="muted small">
        {t('displayNamesHelp')}
      </p>
      {groups.length === 0 ? <p className="muted small">{t('noNames')}</p> : null}
      {groups.map((group) => (
        <div key={group.title} className="table-scroll">
          <table className="compact">
            <caption>{group.title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('nameInData')}</th>
                <th scope="col">{t('displayName')}</th>
              </tr>
            </thead>
            <tbody>
              {group.names.map((name) => (
                <tr key={name}>
                  <th scope="row">
                    <code>{name}</code>
                  </th>
                  <td>
                    <input
                      aria-label={t('displayNameOf', { name })}
                      value={draft.displayNames[name] ?? ''}
                      placeholder={displayName(name)}
                      maxLength={200}
                      onChange={(event) => onChange(name, event.target.value)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </fieldset>
  );
}

function SettingsForm({ dataset, saved }: { dataset: DatasetSummary; saved: DatasetSettingsView }) {
  const ids = {
    purchase: useId(),
    purchaseHelp: useId(),
    floor: useId(),
    horizon: useId(),
    valueHorizon: useId(),
    currency: useId(),
    currencyHelp: useId(),
    currencyList: useId(),
    sensitiveHelp: useId(),
    status: useId(),
  };
  const t = useTranslations('Admin.settings');
  const save = useSaveDatasetSettingsMutation(dataset.id);
  const [draft, setDraft] = useState(() => draftOf(saved));
  const patch = changes(saved, draft);
  const isSensitive = (name: string) => draft.sensitive.some((other) => other.toLowerCase() === name.toLowerCase());
  const newlySensitive = saved.attributes.filter((attribute) => isSensitive(attribute.name) && !attribute.sensitive);

  const toggle = (name: string, checked: boolean) =>
    setDraft((current) => ({
      ...current,
      sensitive: checked
        ? [...current.sensitive, name]
        : current.sensitive.filter((other) => other.toLowerCase() !== name.toLowerCase()),
    }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(patch, { onSuccess: (view) => setDraft(draftOf(view)) });
  };

  return (
    <form
      className={styles.settingsForm}
      onSubmit={submit}
      aria-describedby={ids.status}
      aria-label={t('formLabel', { name: dataset.name })}
    >
      <div className={styles.form}>
        <div className={styles.field}>
          <label htmlFor={ids.purchase}>{t('purchaseTypes')}</label>
          <input
            id={ids.purchase}
            value={draft.purchaseTypes}
            onChange={(event) => setDraft({ ...draft, purchaseTypes: event.target.value })}
            aria-describedby={ids.purchaseHelp}
          />
          <span id={ids.purchaseHelp} className="muted small">
            {t('commaSeparated')}
          </span>
        </div>
        <div className={styles.field}>
          <label htmlFor={ids.floor}>{t('sizeFloor')}</label>
          <input
            id={ids.floor}
            className={styles.kInput}
            type="number"
            min={1}
            step={1}
            value={draft.segmentSizeFloor}
            onChange={(event) => setDraft({ ...draft, segmentSizeFloor: event.target.value })}
          />
        </div>
        <div className={styles.field}>
          <label htmlFor={ids.horizon}>{t('horizon')}</label>
          <input
            id={ids.horizon}
            className={styles.kInput}
            type="number"
            min={1}
            max={365}
            step={1}
            value={draft.horizonDays}
            onChange={(event) => setDraft({ ...draft, horizonDays: event.target.value })}
          />
        </div>
        <div className={styles.field}>
          <label htmlFor={ids.valueHorizon}>{t('valueHorizon')}</label>
          <input
            id={ids.valueHorizon}
            className={styles.kInput}
            type="number"
            min={1}
            max={365}
            step={1}
            value={draft.valueHorizonDays}
            onChange={(event) => setDraft({ ...draft, valueHorizonDays: event.target.value })}
          />
        </div>
        <div className={styles.field}>
          <label htmlFor={ids.currency}>{t('currency')}</label>
          <input
            id={ids.currency}
            className={styles.kInput}
            list={ids.currencyList}
            maxLength={3}
            placeholder={t('currencyNone')}
            value={draft.currency}
            onChange={(event) => setDraft({ ...draft, currency: event.target.value })}
            aria-describedby={ids.currencyHelp}
          />
          <datalist id={ids.currencyList}>
            {currencyCodes.map((code) => (
              <option key={code} value={code} />
            ))}
          </datalist>
          <span id={ids.currencyHelp} className="muted small">
            {t('currencyHelp')}
          </span>
        </div>
      </div>
      <RecommendSplitFieldset
        value={draft.recommendSplit}
        onChange={(recommendSplit) => setDraft((current) => ({ ...current, recommendSplit }))}
      />
      <DisplayNamesFieldset
        saved={saved}
        draft={draft}
        onChange={(name, label) =>
          setDraft((current) => ({ ...current, displayNames: { ...current.displayNames, [name]: label } }))
        }
      />
      <fieldset className={styles.fieldset} aria-describedby={ids.sensitiveHelp}>
        <legend className={styles.legend}>{t('sensitive')}</legend>
        <p id={ids.sensitiveHelp} className="muted small">
          {t('sensitiveHelp')}
        </p>
        {saved.attributes.length === 0 ? (
          <p className="muted small">{t('noAttributes')}</p>
        ) : (
          <div className={styles.choices}>
            {saved.attributes.map((attribute) => (
              <label key={attribute.name}>
                <input
                  type="checkbox"
                  checked={isSensitive(attribute.name)}
                  onChange={(event) => toggle(attribute.name, event.target.checked)}
                />
                {attribute.name}{' '}
                <span className="muted small">
                  {t('attributeInfo', { kind: attribute.kind, users: formatCount(attribute.users) })}
                </span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      {newlySensitive.length > 0 ? (
        <p className="warning small">
          {t('deletesInferences', { names: newlySensitive.map((attribute) => attribute.name).join(', ') })}
        </p>
      ) : null}
      <div className={styles.actions}>
        <button type="submit" className="primary" disabled={save.isPending || Object.keys(patch).length === 0}>
          {save.isPending ? t('saving') : t('save')}
        </button>
      </div>
      <div id={ids.status} aria-live="polite">
        {save.isError ? (
          <p role="alert" className="error">
            {save.error.message}
          </p>
        ) : save.isSuccess && Object.keys(patch).length === 0 ? (
          <p className="muted small">{t('saved')}</p>
        ) : null}
      </div>
    </form>
  );
}

/** One dataset's settings: pipeline settings (the recommender's split among them), sensitive attributes, currency and display names. */
export function DatasetSettingsSection({ datasets, initialId }: { datasets: DatasetSummary[]; initialId?: number }) {
  const t = useTranslations('Admin.settings');
  const selectId = useId();
  const [datasetId, setDatasetId] = useState(initialId ?? datasets[0]?.id);
  const dataset = datasets.find((candidate) => candidate.id === datasetId) ?? datasets[0];
  const settings = useDatasetSettingsQuery(dataset.id);
  return (
    <>
      <div className={styles.form}>
        <div className={styles.field}>
          <label htmlFor={selectId}>{t('dataset')}</label>
          <select id={selectId} value={dataset.id} onChange={(event) => setDatasetId(Number(event.target.value))}>
            {datasets.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {settings.isPending ? (
        <Skeleton height={120} />
      ) : settings.isError ? (
        <p role="alert" className="error">
          {t('couldNotLoad', { message: settings.error.message })}
        </p>
      ) : (
        <SettingsForm key={dataset.id} dataset={dataset} saved={settings.data} />
      )}
    </>
  );
}
