import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetchJson';

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}

export interface AuditPageView {
  entries: AuditEntryView[];
  total: number;
  page: number;
  pageSize: number;
}

export const auditKey = ['audit'] as const;

/** One page of the audit log, newest first; `action` may be a family such as `export`. */
export function useAuditLogQuery(options: { page: number; pageSize: number; action?: string }) {
  const params = new URLSearchParams({ page: String(options.page), pageSize: String(options.pageSize) });
  if (options.action) params.set('action', options.action);
  return useQuery({
    queryKey: [...auditKey, options],
    queryFn: ({ signal }) => fetchJson<AuditPageView>(`/api/audit?${params}`, signal),
    placeholderData: keepPreviousData,
  });
}
