import { attributeTarget } from './targets/attribute';
import { churnTarget } from './targets/churn';
import { goalTarget } from './targets/goal';
import { propensityTarget } from './targets/propensity';
import type { DescribedTarget, TargetDefinition, TargetKey } from './targets/targetDefinition';
import type { TargetQuality } from './targets/targetQuality';
import { valueTarget } from './targets/value';

/**
 * Every kind of prediction target Portrait trains, in the order a run trains and the dashboard
 * lists them. Training (lib/training/targets), evaluation, the queries, audiences and the
 * dashboard read target names through this list instead of matching prefixes by hand.
 */
export const targetRegistry: readonly TargetDefinition[] = [
  churnTarget,
  propensityTarget,
  valueTarget,
  goalTarget,
  attributeTarget,
];

export function targetDefinition(key: TargetKey): TargetDefinition {
  const found = targetRegistry.find((definition) => definition.key === key);
  if (!found) throw new Error(`No prediction target "${key}" in the registry`);
  return found;
}

/** The definition a stored target name belongs to, and its parameter; null for a name no definition claims. */
export function parseTarget(target: string): { definition: TargetDefinition; parameter: string } | null {
  for (const definition of targetRegistry) {
    const match = definition.pattern.exec(target);
    if (match) return { definition, parameter: match[1] };
  }
  return null;
}

/** Whether a stored target name is of the given kind. */
export function isTarget(target: string, key: TargetKey): boolean {
  return targetDefinition(key).pattern.test(target);
}

/** A stored target name read for display: its kind, parameter, name and horizon. */
export function describeTarget(target: string, quality?: TargetQuality | null): DescribedTarget | null {
  const parsed = parseTarget(target);
  if (!parsed) return null;
  const { name, days } = parsed.definition.describe(parsed.parameter, quality);
  return { key: parsed.definition.key, parameter: parsed.parameter, name, days };
}

/** "Propensity: Cameras", "Predicted spend, next 90 days", "Goal: Buys books"; the name itself when unknown. */
export function targetLabel(target: string, language: 'en' | 'zh', quality?: TargetQuality | null): string {
  const parsed = parseTarget(target);
  if (!parsed) {
    // a stage skipped as a whole is stored under its bare key ("propensity"), without a category
    const whole = targetRegistry.find((definition) => definition.key === target);
    return whole ? whole.label[language].replace(/[:：,，（(]?\s*[^:：,，（(]*\{(?:name|days)\}.*$/, '') : target;
  }
  const { name, days } = parsed.definition.describe(parsed.parameter, quality);
  return parsed.definition.label[language].replace('{name}', name).replace('{days}', String(days ?? ''));
}

/** Whether a stored target infers an attribute that is now marked sensitive (hidden: its names, as stored). */
export function isHiddenAttribute(target: string, hidden: ReadonlySet<string>): boolean {
  const parsed = parseTarget(target);
  return parsed?.definition.key === 'attribute' && hidden.has(parsed.parameter);
}

/** Targets in registry order (churn first, attributes last), then by name: how lists of targets read. */
export function compareTargets(a: string, b: string): number {
  const rank = (target: string) => {
    const parsed = parseTarget(target);
    return parsed ? targetRegistry.indexOf(parsed.definition) : targetRegistry.length;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}
