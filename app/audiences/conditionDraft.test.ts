import { NextIntlClientProvider } from 'next-intl';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { audienceDefinition } from '@/lib/audiences/audienceDefinition';
import type { AudienceOptions } from '@/lib/audiences/audienceOptions';
import english from '@/messages/en.json';
import { GroupEditor } from './ConditionEditor';
import { firstGroup, firstKind, newGroup, newLeaf, replaceItem, toCondition } from './conditionDraft';

const options: AudienceOptions = {
  runId: 7,
  asOf: '2026-12-01T00:00:00.000Z',
  population: 100,
  segments: [{ index: 1, name: 'Premium buyers', size: 40, belowFloor: false }],
  targets: [
    {
      target: 'churn',
      name: 'churn',
      days: 30,
      kind: 'binary',
      predictive: true,
      reason: null,
      metric: 'auc',
      value: 0.8,
      baseline: 0.5,
      classes: [],
    },
    {
      target: 'attr:income',
      name: 'income',
      days: null,
      kind: 'numeric',
      predictive: false,
      reason: 'too few users',
      metric: null,
      value: null,
      baseline: null,
      classes: [],
    },
  ],
  eventTypes: ['purchase', 'view'],
  categories: ['Books'],
  attributes: [],
  features: ['recency_days'],
};

describe('the audience editor draft', () => {
  it('turns "churn >= 0.7 AND segment AND purchased in the last 90 days" into a definition the API accepts', () => {
    const group = {
      ...newGroup(),
      items: [
        { ...newLeaf('score'), target: 'churn', value: '0.7' },
        { ...newLeaf('segment'), segmentIndex: '1' },
        { ...newLeaf('behaviour'), eventType: 'purchase', withinDays: '90' },
      ],
    };
    const root = toCondition(group, 7);
    expect(root).toEqual({
      kind: 'and',
      conditions: [
        { kind: 'score', target: 'churn', op: 'gte', value: 0.7 },
        { kind: 'segment', runId: 7, segmentIndex: 1 },
        { kind: 'behaviour', did: true, eventType: 'purchase', atLeast: 1, withinDays: 90 },
      ],
    });
    expect(audienceDefinition.safeParse({ root }).success).toBe(true);
  });

  it('asks nothing while a row is incomplete, and negates a group with NOT', () => {
    const group = newGroup();
    expect(toCondition(group, 7)).toBeNull();
    const leaf = { ...newLeaf('profile'), field: 'recency' as const, op: 'lte' as const, value: '30' };
    const negated = { ...replaceItem(group, group.items[0].id, leaf), negate: true };
    expect(toCondition(negated, 7)).toEqual({
      kind: 'not',
      condition: { kind: 'profile', field: 'recency', op: 'lte', value: 30 },
    });
  });

  it('renders every condition kind with labelled fields and offers only predictive scores', () => {
    const group = {
      ...newGroup(),
      items: [newLeaf('segment'), newLeaf('score'), newLeaf('profile'), newLeaf('attribute'), newLeaf('behaviour')],
    };
    // the editor's words come from the dashboard's messages, as on the page
    const html = renderToStaticMarkup(
      createElement(NextIntlClientProvider, {
        locale: 'en',
        messages: english,
        timeZone: 'UTC',
        // biome-ignore lint/correctness/noChildrenProp: a .ts test has no JSX, and the provider's props type requires children
        children: createElement(GroupEditor, { group, options, label: 'Audience', onChange: () => {} }),
      }),
    );
    for (const label of ['Segment', 'Score', 'Profile value', 'Attribute', 'Event type', 'Days']) {
      expect(html).toContain(`aria-label="${label}"`);
    }
    expect(html).toContain('Premium buyers');
    expect(html).toMatch(/<option value="attr:income" disabled="">/);
    expect(html).not.toMatch(/<option value="churn" disabled/);
  });

  it('opens on a prediction score only when the run offers one, else on what users did', () => {
    const kinds = (group: ReturnType<typeof firstGroup>) =>
      group.items.map((item) => item.type === 'leaf' && item.kind);
    expect(kinds(firstGroup([{ predictive: false }, { predictive: true }]))).toEqual(['score']);
    expect(kinds(firstGroup([{ predictive: false }]))).toEqual(['behaviour']);
    expect(kinds(firstGroup([]))).toEqual(['behaviour']);
    expect(firstKind([{ predictive: false }])).toBe('behaviour');
  });
});
