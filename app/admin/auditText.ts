import type { Translate } from '@/components/personaText';

/** Audited actions with words of their own (Admin.audit.actions in the messages); others show as written. */
export const auditActions = [
  'account.create',
  'account.update',
  'account.password-reset',
  'account.password-change',
  'auth.sign-in-failed',
  'api-key.create',
  'api-key.revoke',
  'audience.create',
  'audience.delete',
  'audience.export',
  'destination.create',
  'destination.delete',
  'dataset.delete',
  'evaluate.start',
  'events.retention',
  'export.start',
  'export.download',
  'export.personas',
  'export.members',
  'goal.create',
  'goal.delete',
  'import.start',
  'import.run',
  'job.cancel',
  'retrain.start',
  'retrain.run',
  'retrain.cancel',
  'schedule.set',
  'schedule.clear',
  'settings.update',
  'user.erase',
] as const;

const targetKinds = ['dataset', 'dataset-name', 'account', 'audience', 'job'];

/** Detail fields the server writes often enough to have a name in every language (Admin.audit.fields). */
const knownFields = [
  'jobId',
  'datasetId',
  'runId',
  'fileName',
  'bytes',
  'email',
  'role',
  'firstStart',
  'k',
  'textModel',
  'map',
  'seed',
  'format',
  'segmentIndex',
  'truthAttributes',
  'cron',
  'name',
  'scopes',
  'size',
  'users',
  'events',
  'personas',
  'files',
  'skipInvalid',
  'reason',
  'disabled',
  'prefix',
  'keyId',
  'sensitiveAttributes',
  'attributes',
  'changed',
  'from',
  'to',
  'address',
  'status',
  'items',
  'mapping',
  'ok',
  'batches',
  'kind',
  'inserted',
  'rejected',
  'duplicates',
  'dataset',
  'rows',
  'locale',
  'type',
  'targetAttributes',
  'goal',
  'eventType',
  'category',
  'minValue',
  'horizonDays',
  'retentionDays',
  'cutoff',
  'deleted',
];

/** Audit log words in the user's language; `t` is next-intl's translator for the Admin.audit namespace. */
export function auditText(t: Translate, locale = 'en-US') {
  const actionLabel = (action: string): string =>
    (auditActions as readonly string[]).includes(action) ? t(`actions.${action.replace(/[.-]/g, '_')}`) : action;

  /** `dataset:3` with its label `demo` reads "Dataset demo (3)"; a deleted object keeps its kind and id. */
  const targetText = (target: string | null, label: string | null): string => {
    if (!target) return '';
    const [kind, id] = target.split(':', 2);
    if (id === undefined) return target;
    const kindText = targetKinds.includes(kind) ? t(`kinds.${kind}`) : kind;
    return label ? t('targetWithLabel', { kind: kindText, label, id }) : t('targetWithId', { kind: kindText, id });
  };

  const fieldName = (key: string): string => (knownFields.includes(key) ? t(`fields.${key}`) : auditFieldName(key));

  const fieldValue = (value: unknown): string => {
    if (value === null || value === undefined) return '—';
    if (typeof value === 'boolean') return value ? t('yes') : t('no');
    if (typeof value === 'number') return value.toLocaleString(locale);
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.length === 0 ? t('none') : value.map(fieldValue).join(t('listSeparator'));
    return Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => t('pair', { name: fieldName(key), value: fieldValue(inner) }))
      .join(t('pairSeparator'));
  };

  /** An entry's detail as name/value rows for a small table, in the order it was written. */
  const detailRows = (detail: Record<string, unknown>): { name: string; value: string }[] =>
    Object.entries(detail).map(([key, value]) => ({ name: fieldName(key), value: fieldValue(value) }));

  return { actionLabel, targetText, detailRows };
}

/** `jobId` -> "Job id", `bytes_written` -> "Bytes written": a field no message names, as words. */
export function auditFieldName(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : key;
}
