/**
 * SQL that says whether `userColumn` is in the control group: a share of users chosen by a
 * seeded hash of the user id, so the same user stays in (or out of) it across recomputes, and
 * a new seed draws a new group.
 */
export function holdoutExpression(userColumn: string, seedParameter: string, shareParameter: string): string {
  return `((('x' || substr(md5(${seedParameter}::text || ':' || ${userColumn}), 1, 8))::bit(32)::bigint / 4294967296.0) < ${shareParameter}::float8)`;
}
