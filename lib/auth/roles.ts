export const roles = ['analyst', 'pm', 'admin'] as const;
export type Role = (typeof roles)[number];

const rank: Record<Role, number> = { analyst: 1, pm: 2, admin: 3 };

/** analyst reads everything; pm adds exports; admin adds import, retrain, schedules, accounts, keys. */
export function roleAllows(role: Role, required: Role): boolean {
  return rank[role] >= rank[required];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
