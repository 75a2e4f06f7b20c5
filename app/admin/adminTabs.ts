/** Admin's tabs, in order; the first is shown when the URL names none (or one that does not exist). */
export const adminTabs = [
  { id: 'jobs', label: 'Retrain & jobs' },
  { id: 'users', label: 'Users & roles' },
  { id: 'api-keys', label: 'API keys' },
  { id: 'goals', label: 'Prediction goals' },
  { id: 'audit', label: 'Audit log' },
  { id: 'settings', label: 'Settings' },
] as const;

export type AdminTab = (typeof adminTabs)[number]['id'];

export function adminTabFrom(value: string | string[] | undefined): AdminTab {
  return adminTabs.find((tab) => tab.id === value)?.id ?? adminTabs[0].id;
}
