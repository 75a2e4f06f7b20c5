import type { Role } from './roles';

export type Caller =
  | {
      kind: 'account';
      id: number;
      email: string;
      role: Role;
      /** the automatic demo admin of a localhost `portrait start` */
      demo?: boolean;
      /** signed in with a one-time password that must be replaced before anything else */
      mustChangePassword?: boolean;
      /** the dashboard language the account chose; null or absent: the browser decides */
      locale?: string | null;
    }
  | { kind: 'apiKey'; datasetId: number; scopes: string[] };

export function callerName(caller: Caller): string {
  return caller.kind === 'account' ? caller.email : `api-key:dataset-${caller.datasetId}`;
}
