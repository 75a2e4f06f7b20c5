import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { ColumnMapping } from '@/lib/ingest/columnMapping';
import { formatColumnMapping } from '@/lib/ingest/formatColumnMapping';
import type { Job } from '@/lib/jobs/jobTypes';
import { ApiRequestError } from './fetchJson';
import { jobsKey } from './useJobsQuery';

export const importKinds = ['events', 'items', 'users'] as const;
export type ImportFileKind = (typeof importKinds)[number];

export interface ImportUpload {
  dataset: string;
  skipInvalid: boolean;
  files: Partial<Record<ImportFileKind, File>>;
  /** the one mapping that serves every file of the upload (see app/import/combineMappings) */
  mapping?: ColumnMapping | null;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/** XMLHttpRequest rather than fetch: only it reports how much of a request body has been sent. */
function postImport(
  input: ImportUpload,
  onProgress: (progress: UploadProgress) => void,
  onStart: (request: XMLHttpRequest) => void,
): Promise<{ job: Job }> {
  const form = new FormData();
  form.append('dataset', input.dataset);
  form.append('skipInvalid', String(input.skipInvalid));
  if (input.mapping) form.append('mapping', formatColumnMapping(input.mapping));
  for (const kind of importKinds) {
    const file = input.files[kind];
    if (file) form.append(kind, file, file.name);
  }
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/imports');
    request.setRequestHeader('accept', 'application/json');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total });
    };
    request.onload = () => {
      let body: { job?: Job; error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status >= 200 && request.status < 300 && body?.job) {
        resolve({ job: body.job });
        return;
      }
      reject(
        new ApiRequestError(
          request.status,
          body?.error?.code ?? 'internal',
          body?.error?.message ?? `The server answered ${request.status} ${request.statusText}`,
          body?.error?.details,
        ),
      );
    };
    request.onerror = () =>
      reject(
        new ApiRequestError(
          0,
          'network',
          'The upload did not reach the server (connection lost, or the server refused a file this large).',
        ),
      );
    request.onabort = () =>
      reject(new ApiRequestError(0, 'aborted', 'The upload was cancelled; nothing was imported.'));
    onStart(request);
    request.send(form);
  });
}

/**
 * Uploads files for import and queues the import job (POST /api/imports, admins only), with the
 * upload's progress in bytes and a way to cancel it while it is sent.
 */
export function useStartImportMutation() {
  const client = useQueryClient();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const inFlight = useRef<XMLHttpRequest | null>(null);
  const mutation = useMutation({
    mutationFn: (input: ImportUpload) => {
      const total = Object.values(input.files).reduce((sum, file) => sum + (file?.size ?? 0), 0);
      setProgress({ loaded: 0, total });
      return postImport(input, setProgress, (request) => {
        inFlight.current = request;
      });
    },
    onSettled: () => {
      inFlight.current = null;
      client.invalidateQueries({ queryKey: jobsKey });
    },
  });
  const cancel = useCallback(() => inFlight.current?.abort(), []);
  return { mutation, progress, cancel };
}
