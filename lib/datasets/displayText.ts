/**
 * A column or event-type name as an analyst reads it: `signup_channel` -> "Signup channel",
 * `add-to-cart` -> "Add to cart". Names that already hold spaces or capitals are left alone. A
 * dataset's own display names (its settings) come first.
 */
export function displayName(name: string, displayNames?: Record<string, string>): string {
  const chosen = displayNames?.[name];
  if (chosen) return chosen;
  if (/\s/.test(name) || /[A-Z]/.test(name)) return name;
  const words = name.replace(/[_\-.]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : name;
}

/** Features measured in the dataset's money (lib/ml/features/behaviourFeatures.ts, unit `money`). */
export const moneyFeatureNames: ReadonlySet<string> = new Set(['monetary_total', 'monetary_mean', 'price_level']);

/**
 * A price or spend: in the dataset's currency when it has one ("€1,234.50"), else a plain number
 * with two decimals under 100 and none above, as before a currency was set.
 */
export function formatMoney(
  value: number | null | undefined,
  currency: string | null | undefined,
  locale = 'en-US',
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const digits = Math.abs(value) >= 100 ? 0 : 2;
  return new Intl.NumberFormat(locale, {
    ...(currency ? { style: 'currency', currency } : {}),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}
