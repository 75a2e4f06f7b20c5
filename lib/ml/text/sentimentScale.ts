/**
 * The one scale that turns a mean sentiment in [-1, 1] into a word. Persona text, the dashboard
 * header and every export use it, so a segment never reads "positive" in one place and "mixed"
 * in another.
 *
 *   mean >= +0.25   positive
 *   mean <= -0.25   negative
 *   otherwise       mixed
 *
 * 0.25 is a quarter of the way to certainty: a segment whose reviews average less than that is
 * as likely to be a blend of praise and complaint as mildly pleased.
 */
export const sentimentThreshold = 0.25;

export type SentimentTone = 'positive' | 'negative' | 'mixed';

export function sentimentTone(mean: number): SentimentTone {
  if (mean >= sentimentThreshold) return 'positive';
  if (mean <= -sentimentThreshold) return 'negative';
  return 'mixed';
}

/** "positive (+0.41)", "mixed (-0.05)"; "no text" without a mean. */
export function describeSentiment(mean: number | null | undefined): string {
  if (mean === null || mean === undefined || !Number.isFinite(mean)) return 'no text';
  return `${sentimentTone(mean)} (${mean >= 0 ? '+' : ''}${mean.toFixed(2)})`;
}
