import { z } from 'zod';
import { checkDatasetName } from '@/lib/datasets/ensureDataset';
import { ApiError } from '@/lib/http/apiError';
import { parseColumnMapping } from '@/lib/ingest/columnMapping';

/** The text fields of an upload form: the dataset to import into (new or existing), the bad-row policy, the column mapping. */
export const importFormFields = z
  .object({
    dataset: z.string({ error: 'name the dataset to import into' }).transform((name, context) => {
      try {
        return checkDatasetName(name);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
    skipInvalid: z
      .enum(['true', 'false', 'on', '1', '0'])
      .optional()
      .transform((value) => value === 'true' || value === 'on' || value === '1'),
    /** how the files' columns become fields, in the `--map` form; checked here so a bad one is a 400 */
    mapping: z
      .string()
      .max(4000)
      .optional()
      .transform((text, context) => {
        if (text === undefined || text.trim() === '') return undefined;
        try {
          parseColumnMapping(text);
          return text.trim();
        } catch (error) {
          context.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
  })
  .strict();

export type ImportForm = z.infer<typeof importFormFields>;

export function parseImportForm(fields: Record<string, string>): ImportForm {
  const parsed = importFormFields.safeParse(fields);
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((issue) => `${issue.path.length ? issue.path.join('.') : 'form'}: ${issue.message}`)
      .join('; ');
    throw new ApiError('bad_request', message);
  }
  return parsed.data;
}
