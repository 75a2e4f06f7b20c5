/** What each audited action means, in words; grouped here so the strings can move to message files. */
export const auditActionLabels: Record<string, string> = {
  'account.create': 'Created an account',
  'account.update': 'Changed an account',
  'account.password-reset': "Reset an account's password",
  'account.password-change': 'Changed their own password',
  'auth.sign-in-failed': 'Failed sign-in',
  'api-key.create': 'Created an API key',
  'api-key.revoke': 'Revoked an API key',
  'audience.export': 'Exported an audience',
  'dataset.delete': 'Deleted a dataset',
  'evaluate.start': 'Started an evaluation',
  'events.retention': 'Deleted events past the retention',
  'export.start': 'Started an export',
  'export.download': 'Downloaded an export',
  'export.personas': 'Exported personas',
  'export.members': 'Exported segment members',
  'import.start': 'Started an import',
  'import.run': 'Imported from the command line',
  'job.cancel': 'Cancelled a job',
  'retrain.start': 'Started a retrain',
  'retrain.run': 'Retrained from the command line',
  'retrain.cancel': 'Cancelled a retrain',
  'schedule.set': 'Set a retrain schedule',
  'schedule.clear': 'Removed a retrain schedule',
  'settings.update': 'Changed dataset settings',
  'user.erase': 'Erased a tracked user',
};

export const auditTargetKinds: Record<string, string> = {
  dataset: 'Dataset',
  account: 'Account',
  audience: 'Audience',
  job: 'Job',
};

export function auditActionLabel(action: string): string {
  return auditActionLabels[action] ?? action;
}

/** `dataset:3` with its label `demo` reads "Dataset demo (3)"; a deleted object keeps its kind and id. */
export function auditTargetText(target: string | null, label: string | null): string {
  if (!target) return '';
  const [kind, id] = target.split(':', 2);
  const kindText = auditTargetKinds[kind] ?? kind;
  if (id === undefined) return target;
  return label ? `${kindText} ${label} (${id})` : `${kindText} ${id}`;
}

/** `jobId` -> "Job id", `bytes_written` -> "Bytes written". */
export function auditFieldName(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : key;
}

function fieldValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString('en');
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(fieldValue).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) => `${auditFieldName(key)}: ${fieldValue(inner)}`)
    .join('; ');
}

/** An entry's detail as name/value rows for a small table, in the order it was written. */
export function auditDetailRows(detail: Record<string, unknown>): { name: string; value: string }[] {
  return Object.entries(detail).map(([key, value]) => ({ name: auditFieldName(key), value: fieldValue(value) }));
}
