'use client';

import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useId, useState } from 'react';
import { displayName } from '@/components/displayName';
import { ErrorState } from '@/components/ErrorState';
import { formatDate, formatValue } from '@/components/format';
import { Skeleton } from '@/components/Skeleton';
import { useServerText } from '@/components/useServerText';
import { useDatasetSettingsQuery } from '@/hooks/useDatasetSettingsQuery';
import { useCreateGoalMutation, useDeleteGoalMutation } from '@/hooks/useGoalMutations';
import { useGoalsQuery } from '@/hooks/useGoalsQuery';
import { formatMoney } from '@/lib/datasets/displayText';
import type { GoalView } from '@/lib/goals/goalView';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import styles from './admin.module.css';

type GoalsText = ReturnType<typeof useTranslations<'Admin.goals'>>;

/** How the dataset's settings name an event type and write a goal's value (money for a purchase type). */
interface GoalWords {
  eventName: (type: string) => string;
  value: (type: string, value: number) => string;
}

/** The dataset's display names and currency (Admin > Settings), as the rest of the dashboard shows them. */
function useGoalWords(datasetId: number): GoalWords {
  const locale = useLocale();
  const settings = useDatasetSettingsQuery(datasetId).data;
  return {
    eventName: (type) => displayName(type, settings?.display.displayNames),
    value: (type, value) =>
      settings?.settings.purchaseTypes.includes(type)
        ? formatMoney(value, settings.display.currency, locale === 'en' ? 'en-US' : locale)
        : formatValue(value),
  };
}

/** "will do Purchase on books with value over €20.00 within 30 days" */
function definitionText(goal: GoalView, t: GoalsText, words: GoalWords): string {
  const values = {
    event: words.eventName(goal.eventType),
    category: goal.category ?? '',
    value: goal.minValue === null ? '' : words.value(goal.eventType, goal.minValue),
    days: goal.horizonDays,
  };
  if (goal.category && goal.minValue !== null) return t('definition.categoryValue', values);
  if (goal.category) return t('definition.category', values);
  if (goal.minValue !== null) return t('definition.value', values);
  return t('definition.plain', values);
}

/** What the active run made of the goal, with its baseline. */
function activeRunText(goal: GoalView, t: GoalsText, serverText: (text: string) => string): string {
  const run = goal.activeRun;
  if (!run) return t('run.notYet');
  if (run.status === 'skipped')
    return t('run.skipped', { reason: run.reason ? serverText(run.reason) : t('run.notEnoughData') });
  const auc = run.auc === null ? t('run.noAuc') : run.auc.toFixed(3);
  return run.predictive ? t('run.predictive', { auc }) : t('run.notPredictive', { auc });
}

function GoalRow({ goal, datasetId, words }: { goal: GoalView; datasetId: number; words: GoalWords }) {
  const t = useTranslations('Admin.goals');
  const serverText = useServerText();
  const remove = useDeleteGoalMutation(datasetId);
  const onRemove = () => {
    if (!window.confirm(t('confirmRemove', { name: goal.name }))) return;
    remove.mutate(goal.id);
  };
  return (
    <tr>
      <th scope="row">{goal.name}</th>
      <td>{definitionText(goal, t, words)}</td>
      <td>
        <code>{goal.target}</code>
      </td>
      <td>{activeRunText(goal, t, serverText)}</td>
      <td className="nowrap">{formatDate(goal.createdAt)}</td>
      <td>
        <button type="button" className={styles.danger} onClick={onRemove} disabled={remove.isPending}>
          <span aria-hidden="true">{t('remove')}</span>
          <span className="visually-hidden">{t('removeGoal', { name: goal.name })}</span>
        </button>
        {remove.isError ? (
          <p role="alert" className={styles.errorText}>
            {serverText(remove.error.message)}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

function NewGoalForm({
  dataset,
  eventTypes,
  categories,
  words,
}: {
  dataset: DatasetSummary;
  eventTypes: string[];
  categories: string[];
  words: GoalWords;
}) {
  const t = useTranslations('Admin.goals');
  const serverText = useServerText();
  const ids = { name: useId(), event: useId(), category: useId(), minValue: useId(), days: useId() };
  const create = useCreateGoalMutation(dataset.id);
  const [name, setName] = useState('');
  const [eventType, setEventType] = useState(eventTypes.includes('purchase') ? 'purchase' : (eventTypes[0] ?? ''));
  const [category, setCategory] = useState('');
  const [minValue, setMinValue] = useState('');
  const [days, setDays] = useState('30');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name,
        eventType,
        category: category || null,
        minValue: minValue === '' ? null : Number(minValue),
        horizonDays: Number(days),
      },
      { onSuccess: () => setName('') },
    );
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-label={t('form.label', { dataset: dataset.name })}>
      <div className={styles.field}>
        <label htmlFor={ids.name}>{t('form.name')}</label>
        <input
          id={ids.name}
          required
          maxLength={200}
          value={name}
          placeholder={t('form.namePlaceholder')}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.event}>{t('form.event')}</label>
        <select id={ids.event} required value={eventType} onChange={(e) => setEventType(e.target.value)}>
          {eventTypes.map((type) => (
            <option key={type} value={type}>
              {words.eventName(type)}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.category}>{t('form.category')}</label>
        <select id={ids.category} value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">{t('form.anyCategory')}</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.minValue}>{t('form.minValue')}</label>
        <input
          id={ids.minValue}
          type="number"
          step="any"
          value={minValue}
          onChange={(e) => setMinValue(e.target.value)}
        />
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.days}>{t('form.days')}</label>
        <input
          id={ids.days}
          type="number"
          required
          min={1}
          max={365}
          value={days}
          onChange={(e) => setDays(e.target.value)}
        />
      </div>
      <button type="submit" className="primary" disabled={create.isPending || !eventType}>
        {create.isPending ? t('form.saving') : t('form.add')}
      </button>
      {create.isError ? (
        <p role="alert" className={styles.errorText}>
          {serverText(create.error.message)}
        </p>
      ) : null}
    </form>
  );
}

function DatasetGoals({ dataset }: { dataset: DatasetSummary }) {
  const t = useTranslations('Admin.goals');
  const goals = useGoalsQuery(dataset.id);
  const words = useGoalWords(dataset.id);
  if (goals.isPending) return <Skeleton height={80} />;
  if (goals.isError)
    return <ErrorState error={goals.error} title={t('couldNotLoad')} onRetry={() => goals.refetch()} />;
  const { goals: list, eventTypes, categories } = goals.data;
  return (
    <>
      {list.length === 0 ? (
        <p className="muted">{t('none', { dataset: dataset.name })}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('caption', { dataset: dataset.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('columns.goal')}</th>
              <th scope="col">{t('columns.definition')}</th>
              <th scope="col">{t('columns.target')}</th>
              <th scope="col">{t('columns.activeRun')}</th>
              <th scope="col">{t('columns.created')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((goal) => (
              <GoalRow key={goal.id} goal={goal} datasetId={dataset.id} words={words} />
            ))}
          </tbody>
        </table>
      )}
      {eventTypes.length ? (
        <NewGoalForm dataset={dataset} eventTypes={eventTypes} categories={categories} words={words} />
      ) : (
        <p className="muted">{t('noEvents', { dataset: dataset.name })}</p>
      )}
    </>
  );
}

/** Custom prediction goals per dataset: list, add, remove. A retrain trains each like churn. */
export function GoalsSection({ datasets, initialId }: { datasets: DatasetSummary[]; initialId?: number }) {
  const t = useTranslations('Admin.goals');
  const selectId = useId();
  const [datasetId, setDatasetId] = useState(initialId ?? datasets[0].id);
  const dataset = datasets.find((candidate) => candidate.id === datasetId) ?? datasets[0];
  return (
    <>
      <div className="picker">
        <label htmlFor={selectId}>{t('dataset')}</label>
        <select id={selectId} value={dataset.id} onChange={(event) => setDatasetId(Number(event.target.value))}>
          {datasets.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
      </div>
      <p className="muted small">{t('intro')}</p>
      <DatasetGoals key={dataset.id} dataset={dataset} />
    </>
  );
}
