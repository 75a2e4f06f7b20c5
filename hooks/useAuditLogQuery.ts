import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetchJson';

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  targetLabel: string | null;
  detail: Record<string, unknown>;
}

export interface AuditPageView {
  entries: AuditEntryView[];
  total: number;
  page: number;
  pageSize: number;
  actors: string[];
}

export const auditKey = ['audit'] as const;

/** One page of the audit log, newest first; `action` may be a family such as `export`; `actor` is exact. */
export function useAuditLogQuery(options: { page: number; pageSize: number; action?: string; actor?: string }) {
  const params = new URLSearchParams({ page: String(options.page), pageSize: String(options.pageSize) });
  if (options.action) params.set('action', options.action);
  if (options.actor) params.set('actor', options.actor);
  return useQuery({
    queryKey: [...auditKey, options],
    queryFn: ({ signal }) => fetchJson<AuditPageView>(`/api/audit?${params}`, signal),
    placeholderData: keepPreviousData,
  });
}
