import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import type { Translate } from '@/components/personaText';
import { translateServerText } from '@/components/serverText';
import { demoRefusal } from '@/lib/auth/demoCaller';
import { stageAfter } from '@/lib/jobs/handlers/trainJob';
import { describeEaseDevice } from '@/lib/ml/recommend/selectRecommenderOnDevice';
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
  'segments: ran (k = 2 (silhouette 0.131; asked for 4, 2 segments under the size floor of 20 users merged into the nearest))',
  'segments: ran (k = 3 (silhouette 0.210; 1 segment under the size floor of 20 users merged into the nearest))',
  'the file has no data rows (only a header, or nothing), so no new dataset was created',
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
  '04:16:16 Data: 1171 users with events, 2041 events, 1 event type',
  '04:16:17 Loaded 2041 events of 1171 users and 1398 items',
  '04:16:20 recommendations: ran (popularity served: the best trained recommender, ease (validation nDCG@10 0.0100), did not beat popularity (0.0200))',
  'popularity served: the best trained recommender, ease (validation nDCG@10 0.2150), was above popularity (0.2070) by no more than chance on 59 users',
  'segments: ran (no clear segments: the best silhouette, 0.120 at k = 3, is below 0.15; one group)',
  'not predictive: hold-out AUC 0.455 is below 0.55; no churn scores stored',
  'text: skipped, no event has text',
  'segments: ran',
  'starting',
  'boosted trees',
  '04:50:08 Device: CPU (asked for auto; CUDA skipped: no provider; WebGPU skipped: no adapter)',
  'Nothing was imported: events.csv line 3: bad timestamp "31/02/2026" (expected ISO 8601 or epoch seconds/ms) (and 2 more)',
  '05:01:12 Goal "Buys books" skipped: only 4 positive examples; at least 20 positives and 20 negatives are needed',
  '05:01:12 Goal "Buys books": hold-out AUC 0.812',
  '05:01:13 goals: ran (not predictive for Buys books, Returns (hold-out AUC below 0.55); their scores are not stored)',
  'goals: skipped, no goal has enough users who did it and who did not',
  'no "refund" events in this dataset',
  'Unknown event type "refnd": this dataset has "purchase", "view"',
  'Unknown event type "purchase": this dataset has no events',
  'Unknown category "bookz": no item of this dataset has it',
  'This dataset already has a goal named "Buys books"',
  'No goal 12 in this dataset',
  "04:50:08 Device: CPU (asked for auto; CUDA skipped: onnxruntime-node's CUDA provider libraries are not installed (install with ONNXRUNTIME_NODE_INSTALL=cuda12, CUDA 12 and cuDNN 9); WebGPU skipped: no Vulkan loader (libvulkan.so.1, Debian package libvulkan1) on this machine)",
  "WebGPU skipped: no Vulkan driver: no ICD file in /usr/share/vulkan/icd.d or /etc/vulkan/icd.d (set VK_DRIVER_FILES to the GPU driver's)",
  'CUDA skipped: a test session crashed (SIGSEGV): no message',
  'CUDA skipped: a test session did not finish in 30 s',
  'CUDA skipped: could not load the text model: CUDA out of memory',
  'onnxruntime-node is not installed',
  'not predictive: hold-out macro-AUC 0.541 is below 0.55',
  'This dataset has no user attribute "plan_tier"',
  '"age_band" is text: an audience can ask whether it equals a value, not whether it is at least or at most one',
  '"is_member" is yes or no: an audience can ask whether it equals a value, not whether it is at least or at most one',
  '"company_size" is a number: compare it with a number, not "12a"',
  'Audience "CRM" sends to a destination, which only an admin may remove: only an admin may delete it',
  'Audience "流失用户" sends to 2 destinations, which only an admin may remove: only an admin may delete it',
  'could not download text model Xenova/paraphrase-multilingual-MiniLM-L12-v2 (fetch failed); put its folder in PORTRAIT_MODEL_DIR to use it offline',
  '04:16:19 Text embedded with Xenova/all-MiniLM-L6-v2 on cuda',
  'Retention of dataset 3: deleted 1200 events older than 365 days',
  '05:02:10 EASE on CUDA: 2 of 3 fits on the device, 5000 items; the rest on the CPU because the float32 inverse missed its tolerance (residual 3.10e-3 > 0.001)',
  '05:02:10 EASE on CUDA: 3 of 3 fits on the device (Gram matrix and inverse as an ONNX graph), 5000 items modelled',
  'CUDA is not available for text embeddings (a test session did not finish in 30 s); using the CPU',
  'PORTRAIT_TEXT_DTYPE=fp16 asks for onnx/model_fp16.onnx, which models/e5 does not have; embedding with the fp32 model',
];

/** Latin words left in a Chinese sentence, other than the values it carries and terms read alike. */
const englishWords = (text: string) =>
  (
    text
      .replace(/\b\w+_\w+\b|\b[\w-]+\.csv\b|\S*\/\S*|\S+\.so\.\d|\b[\w-]*onnxruntime[\w-]*/g, '')
      .match(/[A-Za-z][a-z]{2,}/g) ?? []
  ).filter(
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
        'Buys',
        'books',
        'Returns',
        'refund',
        'refnd',
        'view',
        'bookz',
        'Vulkan',
        'float',
        'Gram',
        'cuda',
        'Debian',
        'libvulkan',
        'out',
        'memory',
        'fetch',
        'failed',
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

  it('says an import note in Chinese, keeping the column, its values and the mapping to give', () => {
    const note =
      'age is stored as text: 62 of its values are numbers but 1 is not ("unknown"); to keep it a number, import the file again with those values as missing (Missing values on the Import screen, or --map "missing_values=unknown|NA")';
    expect(translateServerText(note, zh)).toBe(
      'age 按文本存储：其中 62 个值是数字，但有 1 个不是（"unknown"）；若要保持为数字，请把这些值作为缺失值重新导入（在导入页面的“缺失值”中，或用 --map "missing_values=unknown|NA"）',
    );
    expect(translateServerText(note, en)).toBe(note);
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

  it('knows every sentence of the goals stage and API, the device probes and the retention pass', () => {
    const written = [
      ...sentencesAfter('lib/ml/predict/targets/goalTraining.ts', /\blog\(|\breason: |\bnote: /g),
      ...sentencesAfter('lib/ml/predict/goalLabels.ts', /\breason: /g),
      ...sentencesAfter('lib/goals/createGoal.ts', /Error\(\s*/g),
      ...sentencesAfter('lib/goals/deleteGoal.ts', /Error\(\s*/g),
      ...sentencesAfter('lib/ml/runtime/device/probeDevices.ts', /\breason:\s*/g),
      ...sentencesAfter('lib/ml/text/loadTextEmbedder.ts', /fallBackFrom\([^,]+, [^,]+, /g),
      ...sentencesAfter('lib/training/trainDataset.ts', /\blog\((?=`Text embedded)/g),
      ...sentencesAfter('lib/jobs/startWorker.ts', /\blog\(\s*(?=`Retention)/g),
      ...sentencesAfter('lib/ml/text/loadTextEmbedder.ts', /\bwarn\(/g),
      ...sentencesAfter('lib/ml/text/textDtype.ts', /\bwarning: /g),
      ...sentencesAfter('lib/ml/recommend/easeOnDevice.ts', /\breason = |\bfallbackReason: /g),
      // EASE's device line is built from parts: said by the function itself
      describeEaseDevice({ device: 'cuda', modelledItems: 5000, fitsOnDevice: 3, fitsOnCpu: 0 }),
      describeEaseDevice({
        device: 'webgpu',
        modelledItems: 4000,
        fitsOnDevice: 1,
        fitsOnCpu: 2,
        fallbackReason: 'the EASE graph failed on the device: out of memory',
      }),
    ];
    expect(written.length).toBeGreaterThan(24);
    expect(written.filter((text) => translateServerText(text, zh) === text)).toEqual([]);
  });
});

/**
 * The string literals that follow `before` in a source file, each `${...}` of a template
 * literal replaced by a sample value (7), so a sentence with values reads as the server writes it.
 */
function sentencesAfter(file: string, before: RegExp): string[] {
  const source = readFileSync(path.join(root, file), 'utf8');
  const found: string[] = [];
  for (const match of source.matchAll(before)) {
    const start = (match.index ?? 0) + match[0].length;
    const literal = readLiteral(source, start);
    if (literal !== null) found.push(literal);
  }
  return found;
}

function readLiteral(source: string, start: number): string | null {
  const quote = source[start];
  if (quote === "'" || quote === '"') return source.slice(start + 1, source.indexOf(quote, start + 1));
  if (quote !== '`') return null;
  return readTemplate(source, start).text;
}

/** A template literal from its opening backtick: its text with values as 7, and where it ends. */
function readTemplate(source: string, start: number): { text: string; end: number } {
  let text = '';
  let at = start + 1;
  while (source[at] !== '`') {
    if (source[at] === '$' && source[at + 1] === '{') {
      let depth = 1;
      at += 2;
      while (depth > 0) {
        if (source[at] === '`') at = readTemplate(source, at).end;
        else {
          if (source[at] === '{') depth += 1;
          if (source[at] === '}') depth -= 1;
          at += 1;
        }
      }
      text += '7';
    } else {
      text += source[at];
      at += 1;
    }
  }
  return { text, end: at + 1 };
}
