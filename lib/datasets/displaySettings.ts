import { z } from 'zod';
import { getPool } from '@/lib/db/connection';

/** An ISO 4217 code this runtime can format (EUR, USD, CNY ...). */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code);
}

/**
 * How a dataset's numbers and names read on screens and in exports; changing them needs no
 * retrain. Stored in datasets.settings beside the pipeline settings.
 */
export const displaySettingsSchema = z.object({
  /** prices and spend are shown in it; null: plain numbers */
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isCurrencyCode, { message: 'must be an ISO 4217 currency code such as EUR, USD or CNY' })
    .nullable()
    .optional(),
  /** attribute and event-type names -> what analysts read; a name left out gets displayName's default */
  displayNames: z.record(z.string().min(1).max(200), z.string().trim().min(1).max(200)).optional(),
});

export interface DisplaySettings {
  currency: string | null;
  displayNames: Record<string, string>;
}

export const defaultDisplaySettings: DisplaySettings = { currency: null, displayNames: {} };

/** The display settings in a dataset's stored settings; anything unreadable falls back to the defaults. */
export function displaySettingsFrom(stored: unknown): DisplaySettings {
  const parsed = displaySettingsSchema.safeParse(stored ?? {});
  if (!parsed.success) return defaultDisplaySettings;
  return { currency: parsed.data.currency ?? null, displayNames: parsed.data.displayNames ?? {} };
}

export async function readDisplaySettings(datasetId: number): Promise<DisplaySettings> {
  const { rows } = await getPool().query<{ settings: unknown }>('SELECT settings FROM datasets WHERE id = $1', [
    datasetId,
  ]);
  return displaySettingsFrom(rows[0]?.settings);
}
