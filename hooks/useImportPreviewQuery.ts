import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ImportPreview } from '@/lib/imports/previewImport';
import { readFileSample } from './readFileSample';
import { sendJson } from './sendJson';
import type { ImportFileKind } from './useStartImportMutation';

export interface ImportPreviewInput {
  kind: ImportFileKind;
  file: File | undefined;
  /** the `--map` form; undefined asks for the dataset's remembered mapping or a guess */
  mapping: string | undefined;
  dataset: string;
}

/** What importing the chosen file would do, from its first lines (POST /api/imports/preview). */
export function useImportPreviewQuery({ kind, file, mapping, dataset }: ImportPreviewInput) {
  return useQuery({
    queryKey: ['importPreview', kind, file?.name, file?.size, file?.lastModified, mapping ?? null, dataset],
    enabled: file !== undefined,
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
    queryFn: async () => {
      const chosen = file as File;
      const sample = await readFileSample(chosen);
      return sendJson<ImportPreview>('POST', '/api/imports/preview', {
        kind,
        fileName: chosen.name,
        sample,
        ...(mapping === undefined ? {} : { mapping }),
        ...(dataset.trim() ? { dataset: dataset.trim() } : {}),
      });
    },
  });
}
