// Number formatting for the human-readable exports (Markdown, PDF). Locale fixed to en-US so a
// file reads the same wherever it was made.

import { formatMoney, moneyFeatureNames } from '@/lib/datasets/displayText';
import { describeSentiment } from '@/lib/ml/text/sentimentScale';

const locale = 'en-US';

export function readableNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (Number.isInteger(value) || Math.abs(value) >= 100) return Math.round(value).toLocaleString(locale);
  return value.toLocaleString(locale, { maximumFractionDigits: Math.abs(value) >= 10 ? 1 : 2 });
}

export function readableShare(share: number | null | undefined, digits = 0): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return 'n/a';
  return `${(share * 100).toFixed(digits)}%`;
}

/** A standardised difference with its sign: "+1.7 SD", "-0.6 SD". */
export function readableDifference(z: number): string {
  return `${z >= 0 ? '+' : '-'}${Math.abs(z).toFixed(1)} SD`;
}

/** The shared scale of lib/ml/text/sentimentScale.ts, so exports read as the dashboard does. */
export function readableSentiment(mean: number | null): string {
  return describeSentiment(mean);
}

export function readableDate(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'unknown';
}

/** A trait's value: spend and prices in the dataset's currency, anything else as a plain number. */
export function readableTraitValue(feature: string, value: number, currency: string | null): string {
  return moneyFeatureNames.has(feature) ? formatMoney(value, currency, locale) : readableNumber(value);
}
