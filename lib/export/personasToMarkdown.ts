import { displayName } from '@/lib/datasets/displayText';
import type { PersonaExport } from './personaExport.types';
import {
  readableDate,
  readableDifference,
  readableNumber,
  readableSentiment,
  readableShare,
  readableTraitValue,
} from './readableNumbers';

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

function runSummary(data: PersonaExport): string[] {
  const segments = data.metrics.segments as { k?: number; silhouette?: number } | undefined;
  const churn = data.metrics.churn as { auc?: number } | null | undefined;
  const lines: string[] = [];
  if (segments?.silhouette !== undefined) {
    lines.push(
      `- Segments: k = ${segments.k ?? data.segments.length}, silhouette ${readableNumber(segments.silhouette)}.`,
    );
  }
  if (churn?.auc !== undefined) {
    lines.push(`- Churn model: hold-out AUC ${readableNumber(churn.auc)} (0.5 would be chance).`);
  }
  return lines;
}

/** A readable brief of a run's personas: one section per persona, tables for the numbers. */
export function personasToMarkdown(data: PersonaExport): string {
  const users = data.segments.reduce((sum, segment) => sum + segment.persona.size, 0);
  const out: string[] = [
    `# Personas of ${escapeMarkdown(data.dataset.name)}`,
    '',
    `Run ${data.runId}, trained ${readableDate(data.createdAt)} on events up to ${readableDate(data.eventsUpTo)}; exported ${readableDate(data.exportedAt)}.`,
    '',
    `${data.segments.length} personas covering ${readableNumber(users)} users.` +
      (data.hiddenSegments.count
        ? ` ${data.hiddenSegments.count} smaller segment${data.hiddenSegments.count === 1 ? '' : 's'} (${readableNumber(data.hiddenSegments.users)} users) fall below the dataset's size floor and are left out.`
        : '') +
      ' Attributes the dataset marks sensitive are never included.',
    ...runSummary(data),
  ];

  for (const { index, persona, featureDifferences } of data.segments) {
    out.push(
      '',
      `## ${escapeMarkdown(persona.name)}`,
      '',
      `**${readableNumber(persona.size)} users (${readableShare(persona.share, 1)})** · segment ${index} · ` +
        `churn risk ${persona.churnShare === null ? 'not scored' : `${readableShare(persona.churnShare)} with a score of 0.5 or more`} · ` +
        `sentiment ${readableSentiment(persona.sentiment.mean)} from ${readableNumber(persona.sentiment.textUsers)} users who wrote text` +
        (persona.predictedValue
          ? ` · predicted spend in the next ${persona.predictedValue.horizonDays} days ${readableNumber(persona.predictedValue.total)} in all, ${readableNumber(persona.predictedValue.mean)} per user (${readableNumber(persona.predictedValue.populationMean)} overall)`
          : ''),
      '',
      escapeMarkdown(persona.description),
    );
    if (persona.traits.length) {
      out.push(
        '',
        '### Traits',
        '',
        ...table(
          ['Trait', 'Segment', 'Population', 'Difference'],
          persona.traits.map((trait) => [
            escapeMarkdown(trait.label),
            readableTraitValue(trait.feature, trait.segmentValue, data.display.currency),
            readableTraitValue(trait.feature, trait.populationValue, data.display.currency),
            readableDifference(trait.z),
          ]),
          ['l', 'r', 'r', 'r'],
        ),
        '',
        ...persona.traits.map((trait) => `- ${escapeMarkdown(trait.text)}`),
      );
    }
    if (featureDifferences.length) {
      out.push(
        '',
        '### Largest differences from the population',
        '',
        ...table(
          ['Feature', 'Segment mean', 'Population mean', 'Difference'],
          featureDifferences.map((feature) => [
            escapeMarkdown(feature.label),
            readableNumber(feature.segmentMean),
            readableNumber(feature.populationMean),
            readableDifference(feature.z),
          ]),
          ['l', 'r', 'r', 'r'],
        ),
      );
    }
    if (persona.topCategories.length) {
      out.push(
        '',
        '### Top categories',
        '',
        ...table(
          ['Category', 'Share of segment', 'Lift'],
          persona.topCategories.map((c) => [
            escapeMarkdown(c.name),
            readableShare(c.share),
            `×${readableNumber(c.lift)}`,
          ]),
          ['l', 'r', 'r'],
        ),
      );
    }
    if (persona.keywords.length) {
      out.push('', '### Keywords', '', persona.keywords.map((keyword) => escapeMarkdown(keyword.term)).join(', '));
    }
    if (persona.topItems.length) {
      out.push(
        '',
        '### Top items',
        '',
        ...table(
          ['Item', 'Users', 'Lift'],
          persona.topItems.map((item) => [
            escapeMarkdown(item.title ? `${item.title} (${item.itemId})` : item.itemId),
            readableNumber(item.users),
            `×${readableNumber(item.lift)}`,
          ]),
          ['l', 'r', 'r'],
        ),
      );
    }
    if (persona.nextInterests.length) {
      out.push(
        '',
        '### Likely next interests',
        '',
        ...table(
          ['Category', 'Segment mean score', 'Population mean score'],
          persona.nextInterests.map((interest) => [
            escapeMarkdown(interest.category),
            readableNumber(interest.segmentMean),
            readableNumber(interest.populationMean),
          ]),
          ['l', 'r', 'r'],
        ),
      );
    }
    const attributes = Object.entries(persona.attributes);
    if (attributes.length) {
      out.push(
        '',
        '### Attributes',
        '',
        ...table(
          ['Attribute', 'Value', 'Segment', 'Population'],
          attributes.flatMap(([name, values]) =>
            values.map((value) => [
              escapeMarkdown(displayName(name, data.display.displayNames)),
              escapeMarkdown(value.value),
              readableShare(value.share),
              readableShare(value.populationShare),
            ]),
          ),
          ['l', 'l', 'r', 'r'],
        ),
      );
    }
    if (persona.activity.length) {
      out.push(
        '',
        `Events per user per week, last ${persona.activity.length} weeks: ${persona.activity.map(readableNumber).join(', ')}.`,
      );
    }
    if (persona.representativeUsers.length) {
      out.push('', `Representative users: ${persona.representativeUsers.map((id) => escapeMarkdown(id)).join(', ')}.`);
    }
  }
  return `${out.join('\n')}\n`;
}
