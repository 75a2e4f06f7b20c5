/** The stored target of predicted value: `value:90d` is expected spend in the next 90 days. */
export function valueTargetName(horizonDays: number): string {
  return `value:${horizonDays}d`;
}

/** The horizon in days of a predicted value target, or null when `target` is not one. */
export function valueTargetHorizon(target: string): number | null {
  const match = /^value:(\d+)d$/.exec(target);
  return match ? Number(match[1]) : null;
}
