import { describe, expect, it } from 'vitest';
import { exportLanguage, localizePersonaExport } from './exportLanguage';
import type { PersonaExport } from './personaExport.types';
import { personasToCsv } from './personasToCsv';
import { personasToMarkdown } from './personasToMarkdown';

const data: PersonaExport = {
  dataset: { id: 1, name: 'shop' },
  runId: 7,
  createdAt: '2026-03-01T10:00:00.000Z',
  eventsUpTo: '2026-02-28T23:00:00.000Z',
  exportedAt: '2026-03-02T08:00:00.000Z',
  metrics: { segments: { k: 1, silhouette: 0.31 }, churn: { auc: 0.79 } },
  display: { currency: null, displayNames: {} },
  hiddenSegments: { count: 1, users: 12 },
  segments: [
    {
      index: 0,
      featureDifferences: [
        {
          feature: 'recency_days',
          label: 'Days since last activity',
          segmentMean: 120,
          segmentMedian: 110,
          populationMean: 40,
          populationMedian: 30,
          z: 1.7,
        },
      ],
      persona: {
        name: 'Lapsed buyers',
        description: 'Lapsed buyers: 300 users (30.0% of all).',
        size: 300,
        share: 0.3,
        traits: [
          {
            feature: 'recency_days',
            label: 'Days since last activity',
            segmentValue: 110,
            populationValue: 30,
            z: 1.7,
            text: 'Days since last activity: 110 vs 30 overall',
          },
        ],
        topCategories: [{ name: 'Kitchen', share: 0.4, lift: 2.1 }],
        keywords: [],
        topItems: [],
        nextInterests: [],
        attributes: {},
        sentiment: { mean: 0.4, textUsers: 20 },
        churnShare: 0.6,
        populationChurnShare: 0.3,
        activity: [1, 0.5],
        representativeUsers: ['u1'],
        predictedValue: null,
      },
    },
  ],
} as unknown as PersonaExport;

describe('persona exports in the chosen language', () => {
  it('writes the Markdown brief in Chinese, persona texts included, and keeps the data’s own words', () => {
    const markdown = personasToMarkdown(localizePersonaExport(data, 'zh-CN'), exportLanguage('zh-CN'));
    expect(markdown).toContain('# shop 的用户画像');
    expect(markdown).toContain('流失购买者');
    expect(markdown).toContain('### 特征');
    expect(markdown).toContain('| 品类 | 占分群比例 | 提升度 |');
    expect(markdown).toContain('Kitchen');
    expect(markdown).toContain('正面（+0.40）');
    // no English sentence of the template is left
    for (const english of ['Personas of', 'Traits', 'Top categories', 'users who wrote text', 'Representative users'])
      expect(markdown).not.toContain(english);
  });

  it('leaves the English export exactly as the run stored it', () => {
    expect(localizePersonaExport(data, 'en')).toBe(data);
    expect(personasToMarkdown(data)).toBe(personasToMarkdown(data, exportLanguage('en')));
    expect(personasToMarkdown(data)).toContain('Lapsed buyers: 300 users (30.0% of all).');
    // one persona, and the silhouette to the digits the run's notes use
    expect(personasToMarkdown(data)).toContain('1 persona covering');
    expect(personasToMarkdown(data)).toContain('0.310');
  });

  it('keeps the CSV column names for scripts and writes its text cells in Chinese', () => {
    const english = personasToCsv(data).split('\r\n')[0];
    const chinese = personasToCsv(localizePersonaExport(data, 'zh-CN'));
    expect(chinese.split('\r\n')[0]).toBe(english);
    expect(chinese).toContain('流失购买者');
  });
});
