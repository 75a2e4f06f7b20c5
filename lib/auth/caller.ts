import type { Role } from './roles';

export type Caller =
  | { kind: 'account'; id: number; email: string; role: Role; demo?: boolean }
  | { kind: 'apiKey'; datasetId: number };

export function callerName(caller: Caller): string {
  return caller.kind === 'account' ? caller.email : `api-key:dataset-${caller.datasetId}`;
}
