import { displayName } from '@/lib/datasets/displayText';
import { type ExportLanguage, exportLanguage } from './exportLanguage';
import type { PersonaExport } from './personaExport.types';
import { readableIn } from './readableNumbers';

/** Text from the data (names, keywords, titles) written so Markdown shows it as typed. */
export function escapeMarkdown(text: string): string {
  // An underscore inside a word (signup_channel) never starts emphasis, so it is left readable.
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\`*[\]<>|#]|(?<!\w)_|_(?!\w)/g, '\\$&');
}

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${align.map((a) => (a === 'r' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

function runSummary(data: PersonaExport, { t }: ExportLanguage): string[] {
  const r = readableIn(t);
  // silhouette is null for a run that found no clear segments
  const segments = data.metrics.segments as { k?: number; silhouette?: number | null } | undefined;
  const churn = data.metrics.churn as { auc?: number } | null | undefined;
  const lines: string[] = [];
  if (segments?.silhouette !== undefined) {
    lines.push(
      // three decimals, as the run's notes give it: 0.148 read 0.15 beside "0.148 is below 0.15"
      t('summarySegments', {
        k: segments.k ?? data.segments.length,
        silhouette: typeof segments.silhouette === 'number' ? segments.silhouette.toFixed(3) : r.number(null),
      }),
    );
  }
  if (churn?.auc !== undefined) {
    lines.push(t('summaryChurn', { auc: r.number(churn.auc) }));
  }
  return lines;
}

/**
 * A readable brief of a run's personas: one section per persona, tables for the numbers, in the
 * language's words (English unless asked; the persona texts come already written in it).
 */
export function personasToMarkdown(data: PersonaExport, language: ExportLanguage = exportLanguage()): string {
  const { t } = language;
  const r = readableIn(t);
  const column = (key: string) => t(`columns.${key}`);
  const users = data.segments.reduce((sum, segment) => sum + segment.persona.size, 0);
  const out: string[] = [
    `# ${t('title', { dataset: escapeMarkdown(data.dataset.name) })}`,
    '',
    t('mdRunLine', {
      run: data.runId,
      trained: r.date(data.createdAt),
      upTo: r.date(data.eventsUpTo),
      exported: r.date(data.exportedAt),
    }),
    '',
    t('covering', { personas: data.segments.length, users: r.number(users) }) +
      (data.hiddenSegments.count
        ? t('hidden', { count: data.hiddenSegments.count, users: r.number(data.hiddenSegments.users) })
        : '') +
      t('sensitive'),
    ...runSummary(data, language),
  ];

  for (const { index, persona, featureDifferences } of data.segments) {
    out.push(
      '',
      `## ${escapeMarkdown(persona.name)}`,
      '',
      t('headline', {
        users: r.number(persona.size),
        share: r.share(persona.share, 1),
        index,
        churn: persona.churnShare === null ? t('notScored') : t('churnRisk', { share: r.share(persona.churnShare) }),
        sentiment: r.sentiment(persona.sentiment.mean),
        textUsers: r.number(persona.sentiment.textUsers),
      }) +
        (persona.predictedValue
          ? t('headlineValue', {
              days: persona.predictedValue.horizonDays,
              total: r.number(persona.predictedValue.total),
              mean: r.number(persona.predictedValue.mean),
              overall: r.number(persona.predictedValue.populationMean),
            })
          : ''),
      '',
      escapeMarkdown(persona.description),
    );
    if (persona.traits.length) {
      out.push(
        '',
        `### ${t('traits')}`,
        '',
        // no difference column: a trait's effect size is measured against the rest of the users, and
        // printed in "SD" beside the differences table below (against the whole population) the two disagreed
        ...table(
          [column('trait'), column('segment'), column('population')],
          persona.traits.map((trait) => [
            escapeMarkdown(trait.label),
            r.traitValue(trait.feature, trait.segmentValue, data.display.currency),
            r.traitValue(trait.feature, trait.populationValue, data.display.currency),
          ]),
          ['l', 'r', 'r'],
        ),
        '',
        ...persona.traits.map((trait) => `- ${escapeMarkdown(trait.text)}`),
      );
    }
    if (featureDifferences.length) {
      out.push(
        '',
        `### ${t('differences')}`,
        '',
        ...table(
          [column('feature'), column('segmentMean'), column('populationMean'), column('difference')],
          featureDifferences.map((feature) => [
            escapeMarkdown(feature.label),
            r.number(feature.segmentMean),
            r.number(feature.populationMean),
            r.difference(feature.z),
          ]),
          ['l', 'r', 'r', 'r'],
        ),
      );
    }
    if (persona.topCategories.length) {
      out.push(
        '',
        `### ${t('topCategories')}`,
        '',
        ...table(
          [column('category'), column('shareOfSegment'), column('lift')],
          persona.topCategories.map((c) => [escapeMarkdown(c.name), r.share(c.share), `×${r.number(c.lift)}`]),
          ['l', 'r', 'r'],
        ),
      );
    }
    if (persona.keywords.length) {
      out.push(
        '',
        `### ${t('keywords')}`,
        '',
        persona.keywords.map((keyword) => escapeMarkdown(keyword.term)).join(t('listSeparator')),
      );
    }
    if (persona.topItems.length) {
      out.push(
        '',
        `### ${t('topItems')}`,
        '',
        ...table(
          [column('item'), column('users'), column('lift')],
          persona.topItems.map((item) => [
            escapeMarkdown(item.title ? `${item.title} (${item.itemId})` : item.itemId),
            r.number(item.users),
            `×${r.number(item.lift)}`,
          ]),
          ['l', 'r', 'r'],
        ),
      );
    }
    if (persona.nextInterests.length) {
      out.push(
        '',
        `### ${t('nextInterests')}`,
        '',
        ...table(
          [column('category'), column('segmentMeanScore'), column('populationMeanScore')],
          persona.nextInterests.map((interest) => [
            escapeMarkdown(interest.category),
            r.number(interest.segmentMean),
            r.number(interest.populationMean),
          ]),
          ['l', 'r', 'r'],
        ),
      );
    }
    const attributes = Object.entries(persona.attributes);
    if (attributes.length) {
      out.push(
        '',
        `### ${t('attributes')}`,
        '',
        ...table(
          [column('attribute'), column('value'), column('segment'), column('population')],
          attributes.flatMap(([name, values]) =>
            values.map((value) => [
              escapeMarkdown(displayName(name, data.display.displayNames)),
              escapeMarkdown(value.value),
              r.share(value.share),
              r.share(value.populationShare),
            ]),
          ),
          ['l', 'l', 'r', 'r'],
        ),
      );
    }
    if (persona.activity.length) {
      out.push(
        '',
        t('activity', {
          weeks: persona.activity.length,
          values: persona.activity.map((value) => r.number(value)).join(t('listSeparator')),
        }),
      );
    }
    if (persona.representativeUsers.length) {
      out.push(
        '',
        t('representative', {
          users: persona.representativeUsers.map((id) => escapeMarkdown(id)).join(t('listSeparator')),
        }),
      );
    }
  }
  return `${out.join('\n')}\n`;
}
