import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { NextIntlClientProvider } from 'next-intl';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { QualityChartsPanel } from '@/app/quality/QualityChartsPanel';
import type { RunHistoryEntry } from '@/lib/queries/listRuns';
import english from '@/messages/en.json';

function render(element: ReactElement): string {
  return renderToStaticMarkup(
    createElement(QueryClientProvider, {
      client: new QueryClient(),
      // biome-ignore lint/correctness/noChildrenProp: a .ts test has no JSX, and the providers' props types require children
      children: createElement(NextIntlClientProvider, {
        locale: 'en',
        messages: english,
        timeZone: 'UTC',
        // biome-ignore lint/correctness/noChildrenProp: as above
        children: element,
      }),
    }),
  );
}

const retrainLine = english.Quality.curvesMissing;

function run(targets: RunHistoryEntry['targets']): RunHistoryEntry {
  return {
    id: 7,
    status: 'succeeded',
    startedAt: '2026-12-01T10:00:00Z',
    finishedAt: '2026-12-01T10:01:00Z',
    durationMs: 60_000,
    eventsUpTo: '2026-11-30T00:00:00Z',
    k: 3,
    silhouette: 0.3,
    error: null,
    textVectors: null,
    device: null,
    active: true,
    metrics: {},
    recommendation: { validationNdcg: 0.31, popularityNdcg: 0.12 },
    targets,
    stages: [],
  };
}

const churn = (quality: Record<string, unknown>) =>
  ({
    target: 'churn',
    kind: 'binary',
    status: 'trained',
    reason: null,
    model: 'logistic',
    quality,
  }) as RunHistoryEntry['targets'][number];

describe('QualityChartsPanel', () => {
  it('asks for a retrain only when a trained churn model lacks the curves newer runs store', () => {
    const old = run([churn({ auc: 0.74 })]);
    expect(render(createElement(QualityChartsPanel, { active: old, runs: [old] }))).toContain(retrainLine);
  });

  it('does not ask for a retrain when the run has no churn model: retraining would not draw one', () => {
    for (const targets of [
      [],
      [{ ...churn({}), status: 'skipped', reason: 'no purchases' }],
    ] as RunHistoryEntry['targets'][]) {
      const withoutChurn = run(targets);
      const html = render(createElement(QualityChartsPanel, { active: withoutChurn, runs: [withoutChurn] }));
      expect(html).toContain('charts-heading');
      expect(html).not.toContain(retrainLine);
    }
  });

  it('draws churn curves without the line when the run stored them', () => {
    const current = run([
      churn({
        auc: 0.74,
        roc: [
          [0, 0],
          [0.2, 0.6],
          [1, 1],
        ],
      }),
    ]);
    expect(render(createElement(QualityChartsPanel, { active: current, runs: [current] }))).not.toContain(retrainLine);
  });
});
