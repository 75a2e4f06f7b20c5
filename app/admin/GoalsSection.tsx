'use client';

import { type FormEvent, useId, useState } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { formatDate } from '@/components/format';
import { Skeleton } from '@/components/Skeleton';
import { useCreateGoalMutation, useDeleteGoalMutation } from '@/hooks/useGoalMutations';
import { useGoalsQuery } from '@/hooks/useGoalsQuery';
import type { GoalView } from '@/lib/goals/goalView';
import type { DatasetSummary } from '@/lib/queries/listDatasets';
import styles from './admin.module.css';

/** "purchase on books over 20 within 30 days" */
function definitionText(goal: GoalView): string {
  return [
    goal.eventType,
    goal.category ? `on ${goal.category}` : null,
    goal.minValue !== null ? `over ${goal.minValue}` : null,
    `within ${goal.horizonDays} days`,
  ]
    .filter(Boolean)
    .join(' ');
}

/** What the active run made of the goal, with its baseline. */
function activeRunText(goal: GoalView): string {
  const run = goal.activeRun;
  if (!run) return 'Not trained yet: the next retrain trains it';
  if (run.status === 'skipped') return `Not trained: ${run.reason ?? 'not enough data'}`;
  const auc = run.auc === null ? 'n/a' : run.auc.toFixed(3);
  return run.predictive
    ? `Hold-out AUC ${auc} vs 0.5 (chance)`
    : `Not predictive: hold-out AUC ${auc} is below 0.55; no scores are shown`;
}

function GoalRow({ goal, datasetId }: { goal: GoalView; datasetId: number }) {
  const remove = useDeleteGoalMutation(datasetId);
  const onRemove = () => {
    if (!window.confirm(`Remove the goal "${goal.name}"? The next retrain no longer predicts it.`)) return;
    remove.mutate(goal.id);
  };
  return (
    <tr>
      <th scope="row">{goal.name}</th>
      <td>{definitionText(goal)}</td>
      <td>
        <code>{goal.target}</code>
      </td>
      <td>{activeRunText(goal)}</td>
      <td className="nowrap">{formatDate(goal.createdAt)}</td>
      <td>
        <button type="button" className={styles.danger} onClick={onRemove} disabled={remove.isPending}>
          Remove<span className="visually-hidden"> {goal.name}</span>
        </button>
        {remove.isError ? (
          <p role="alert" className={styles.errorText}>
            {remove.error.message}
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
}: {
  dataset: DatasetSummary;
  eventTypes: string[];
  categories: string[];
}) {
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
    <form className={styles.form} onSubmit={submit} aria-label={`New goal for ${dataset.name}`}>
      <div className={styles.field}>
        <label htmlFor={ids.name}>Goal name</label>
        <input
          id={ids.name}
          required
          maxLength={200}
          value={name}
          placeholder="Buys books"
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.event}>Will do event</label>
        <select id={ids.event} required value={eventType} onChange={(e) => setEventType(e.target.value)}>
          {eventTypes.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.category}>On category (optional)</label>
        <select id={ids.category} value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">any category</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.minValue}>With value over (optional)</label>
        <input
          id={ids.minValue}
          type="number"
          step="any"
          value={minValue}
          onChange={(e) => setMinValue(e.target.value)}
        />
      </div>
      <div className={styles.field}>
        <label htmlFor={ids.days}>Within days</label>
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
        {create.isPending ? 'Saving…' : 'Add goal'}
      </button>
      {create.isError ? (
        <p role="alert" className={styles.errorText}>
          {create.error.message}
        </p>
      ) : null}
    </form>
  );
}

function DatasetGoals({ dataset }: { dataset: DatasetSummary }) {
  const goals = useGoalsQuery(dataset.id);
  if (goals.isPending) return <Skeleton height={80} />;
  if (goals.isError)
    return <ErrorState error={goals.error} title="Could not load the goals" onRetry={() => goals.refetch()} />;
  const { goals: list, eventTypes, categories } = goals.data;
  return (
    <>
      {list.length === 0 ? (
        <p className="muted">{dataset.name} has no custom goals yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Prediction goals of {dataset.name}</caption>
          <thead>
            <tr>
              <th scope="col">Goal</th>
              <th scope="col">Definition</th>
              <th scope="col">Target</th>
              <th scope="col">Active run</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((goal) => (
              <GoalRow key={goal.id} goal={goal} datasetId={dataset.id} />
            ))}
          </tbody>
        </table>
      )}
      {eventTypes.length ? (
        <NewGoalForm dataset={dataset} eventTypes={eventTypes} categories={categories} />
      ) : (
        <p className="muted">Import events into {dataset.name} before defining a goal.</p>
      )}
    </>
  );
}

/** Custom prediction goals per dataset: list, add, remove. A retrain trains each like churn. */
export function GoalsSection({ datasets }: { datasets: DatasetSummary[] }) {
  const selectId = useId();
  const [datasetId, setDatasetId] = useState(datasets[0].id);
  const dataset = datasets.find((candidate) => candidate.id === datasetId) ?? datasets[0];
  return (
    <>
      <div className="picker">
        <label htmlFor={selectId}>Dataset</label>
        <select id={selectId} value={dataset.id} onChange={(event) => setDatasetId(Number(event.target.value))}>
          {datasets.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
      </div>
      <p className="muted small">
        A goal asks &ldquo;will this user do an event (on a category, over a value) within so many days?&rdquo;. The
        next retrain learns it from who did it after a cut-off that many days before the last event, and reports its
        hold-out AUC against chance (0.5); below 0.55 it is marked not predictive and its scores are not shown.
        Predictive goals appear on profiles, in the profile API, on the quality screen and as audience conditions.
      </p>
      <DatasetGoals key={dataset.id} dataset={dataset} />
    </>
  );
}
