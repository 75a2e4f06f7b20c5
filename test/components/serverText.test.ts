import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import type { Translate } from '@/components/personaText';
import { translateServerText } from '@/components/serverText';
import { demoRefusal } from '@/lib/auth/demoCaller';
import { stageAfter } from '@/lib/jobs/handlers/trainJob';
import english from '@/messages/en.json';
import chinese from '@/messages/zh-CN.json';

const zh = createTranslator({ locale: 'zh-CN', messages: chinese, namespace: 'ServerText' }) as unknown as Translate;
const en = createTranslator({ locale: 'en', messages: english, namespace: 'ServerText' }) as unknown as Translate;
const root = path.resolve(import.meta.dirname, '../..');

/** Sentences the server writes, as it writes them. */
const samples = [
  'checking data',
  'saving the run',
  'review text: analysing 1,200 of 4,000 texts',
  'segments: k-means for k = 5 (3 of 11 candidates)',
  'segments: k = 6 on every user',
  'predictions: attribute models: age (1 of 4)',
  'importing (12,000 rows)',
  'Not enough data to train: only 3 users have events (at least 10 are needed); only 1 event types ("purchase", ...); at least 2 are needed',
  'Timed out after 3600 s',
  'Cancelled on request',
  'no item ids in this dataset',
  'only 50 positive examples; at least 100 positives and 100 negatives are needed',
  'not predictive: hold-out AUC 0.455 is below 0.55',
  "not predictive: hold-out Spearman 0.120 does not beat the previous period's spend (0.200)",
  'no events before the cutoff: the dataset spans less than the 30-day horizon',
  'missing user_id',
  'bad timestamp "31/02/2024" (expected ISO 8601 or epoch seconds/ms)',
  'value "ten" is not a number',
  'popular in your segment',
  'people in your segment who bought "Red mug" also bought "Blue mug"',
  'similar to "Red mug" you viewed',
  "12 events arrived after the run's cut-off",
  demoRefusal,
  '04:16:16 Data: 1171 users with events, 2041 events, 1 event types',
  '04:16:17 Loaded 2041 events of 1171 users and 1398 items',
  '04:16:20 recommendations: ran (popularity served: the best trained recommender, ease (validation nDCG@10 0.0100), did not beat popularity (0.0200))',
  'segments: ran (no clear segments: the best silhouette, 0.120 at k = 3, is below 0.15; one group)',
  'not predictive: hold-out AUC 0.455 is below 0.55; no churn scores stored',
  'text: skipped, no event has text',
  'segments: ran',
  'starting',
  'boosted trees',
  '04:50:08 Device: CPU (asked for auto; CUDA skipped: no provider; WebGPU skipped: no adapter)',
  'Nothing was imported: events.csv line 3: bad timestamp "31/02/2026" (expected ISO 8601 or epoch seconds/ms) (and 2 more)',
];

/** Latin words left in a Chinese sentence, other than the values it carries and terms read alike. */
const englishWords = (text: string) =>
  (text.replace(/\b\w+_\w+\b|\b[\w-]+\.csv\b/g, '').match(/[A-Za-z][a-z]{2,}/g) ?? []).filter(
    (word) =>
      ![
        'ISO',
        'Unix',
        'Spearman',
        'AUC',
        'purchase',
        'user_id',
        'ten',
        'Red',
        'Blue',
        'mug',
        'means',
        'age',
        'value',
        'ease',
        'auto',
        'provider',
        'adapter',
        'Web',
      ].includes(word),
  );

describe('texts the server writes, in the user’s language', () => {
  it('says every known sentence in Chinese, keeping its values', () => {
    for (const sample of samples) {
      const translated = translateServerText(sample, zh);
      expect(translated, sample).not.toBe(sample);
      expect(englishWords(translated), `${sample} -> ${translated}`).toEqual([]);
    }
    expect(
      translateServerText('only 50 positive examples; at least 100 positives and 100 negatives are needed', zh),
    ).toBe('只有 50 个正例；至少需要 100 个正例和 100 个负例');
    expect(translateServerText('bad timestamp "31/02/2024" (expected ISO 8601 or epoch seconds/ms)', zh)).toBe(
      '时间戳“31/02/2024”无效（应为 ISO 8601 或以秒/毫秒计的 Unix 时间）',
    );
  });

  it('reads exactly as the server wrote it in English', () => {
    for (const sample of samples) expect(translateServerText(sample, en)).toBe(sample);
  });

  it('shows an unknown text as written', () => {
    expect(translateServerText('ECONNREFUSED 127.0.0.1:5432', zh)).toBe('ECONNREFUSED 127.0.0.1:5432');
  });

  it('knows every stage a retrain or an evaluation reports and every reason a training stage is skipped for', () => {
    const literals = (file: string, pattern: RegExp) =>
      [...readFileSync(path.join(root, file), 'utf8').matchAll(pattern)].map((match) => match[1]);
    const written = [
      ...Object.values(stageAfter),
      ...literals('lib/training/trainDataset.ts', /progress\('([^']+)'/g),
      ...literals('lib/training/trainDataset.ts', /outcomes\.skipped\('\w+', '([^']+)'\)/g),
      ...literals('lib/training/predictionStage.ts', /outcomes\.skipped\('\w+', '([^']+)'\)/g),
      ...literals('lib/training/predictionStage.ts', /progress\([\d.]+, '([^']+)'\)/g),
      ...literals('lib/evaluate/evaluateDataset.ts', /onStage\('([^']+)'/g),
      ...literals('lib/jobs/handlers/exportJob.ts', /context\.(?:progress|report)\('([^']+)'/g),
    ];
    // the scan must see them; a broken pattern would otherwise pass silently
    expect(written.length).toBeGreaterThan(20);
    expect(written.filter((text) => translateServerText(text, zh) === text)).toEqual([]);
  });
});
