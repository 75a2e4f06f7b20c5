// Number formatting for the human-readable exports (Markdown, PDF). Locale fixed to en-US so a
// file reads the same wherever it was made.

import { formatMoney, moneyFeatureNames } from '@/lib/datasets/displayText';
import { describeSentiment, sentimentTone } from '@/lib/ml/text/sentimentScale';

const locale = 'en-US';

export function readableNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (Number.isInteger(value) || Math.abs(value) >= 100) return Math.round(value).toLocaleString(locale);
  return value.toLocaleString(locale, { maximumFractionDigits: Math.abs(value) >= 10 ? 1 : 2 });
}

export function readableShare(share: number | null | undefined, digits = 0): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return 'n/a';
  // Intl rounds the decimal the number prints as, as the dashboard does: 115 of 400 is 28.8% in
  // both (toFixed read 0.2875 as the double just below it, 28.7%)
  return share.toLocaleString('en-US', {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  });
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

/**
 * The same readable forms in an export's language: its words for "n/a", "unknown", "SD" and the
 * sentiment tones (numbers keep en-US digits and grouping, which zh-CN writes the same way).
 */
export function readableIn(t: (key: string, values?: Record<string, string | number>) => string) {
  const na = t('na');
  const orNa = (text: string) => (text === 'n/a' ? na : text);
  return {
    number: (value: number | null | undefined) => orNa(readableNumber(value)),
    share: (share: number | null | undefined, digits = 0) => orNa(readableShare(share, digits)),
    difference: (z: number) => t('difference', { sign: z >= 0 ? '+' : '-', value: Math.abs(z).toFixed(1) }),
    sentiment: (mean: number | null) =>
      mean === null || !Number.isFinite(mean)
        ? t('noText')
        : t('sentiment', { tone: sentimentTone(mean), mean: `${mean >= 0 ? '+' : ''}${mean.toFixed(2)}` }),
    date: (iso: string | null) => (iso ? t('utc', { date: iso.slice(0, 16).replace('T', ' ') }) : t('unknown')),
    traitValue: (feature: string, value: number, currency: string | null) =>
      orNa(readableTraitValue(feature, value, currency)),
  };
}
