/** Admin's tabs, in order; the first is shown when the URL names none (or one that does not exist). Labels: messages Admin.tabs. */
export const adminTabs = [
  { id: 'jobs' },
  { id: 'users' },
  { id: 'api-keys' },
  { id: 'goals' },
  { id: 'audit' },
  { id: 'settings' },
] as const;

export type AdminTab = (typeof adminTabs)[number]['id'];

export function adminTabFrom(value: string | string[] | undefined): AdminTab {
  return adminTabs.find((tab) => tab.id === value)?.id ?? adminTabs[0].id;
}
