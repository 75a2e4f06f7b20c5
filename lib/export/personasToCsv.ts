import { type CsvValue, csvRow } from './csvCell';
import type { PersonaExport } from './personaExport.types';

/** trait columns per row; personas quote three to five */
const traitColumns = 5;

const round = (value: number | null | undefined, digits = 4): number | null =>
  value === null || value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits));

const joined = (parts: string[]) => parts.join('; ');

/**
 * One row per shown persona, for a spreadsheet: counts and shares as plain numbers (shares as
 * fractions), lists joined with "; "; spend in the `currency` column's unit. The weekly activity
 * column keeps its name for scripts but holds only the whole weeks the data spans, up to 12
 * (oldest first), as many as `activity_weeks` says. Every text cell goes through csvCell, so a persona name,
 * keyword or item title that starts like a formula is written as text. UTF-8 with a BOM.
 */
export function personasToCsv(data: PersonaExport): string {
  const header: string[] = ['dataset', 'run_id', 'segment_index', 'name', 'description', 'size', 'share'];
  for (let t = 1; t <= traitColumns; t++) header.push(`trait_${t}`, `trait_${t}_segment`, `trait_${t}_population`);
  header.push(
    'traits',
    'top_categories',
    'keywords',
    'sentiment_mean',
    'text_users',
    'churn_share',
    'next_interests',
    'top_items',
    'events_per_user_per_week_last_12_weeks',
    'activity_weeks',
    'predicted_value_horizon_days',
    'predicted_value_total',
    'predicted_value_mean',
    'currency',
  );

  const rows = data.segments.map(({ index, persona }) => {
    const row: CsvValue[] = [
      data.dataset.name,
      data.runId,
      index,
      persona.name,
      persona.description,
      persona.size,
      round(persona.share),
    ];
    for (let t = 0; t < traitColumns; t++) {
      const trait = persona.traits[t];
      row.push(trait?.label ?? null, round(trait?.segmentValue), round(trait?.populationValue));
    }
    row.push(
      joined(persona.traits.map((trait) => trait.text)),
      joined(
        persona.topCategories.map(
          (c) => `${c.name} (${round(c.share * 100, 1)}% of segment, lift ${round(c.lift, 2)})`,
        ),
      ),
      joined(persona.keywords.map((keyword) => keyword.term)),
      round(persona.sentiment.mean),
      persona.sentiment.textUsers,
      round(persona.churnShare),
      joined(
        persona.nextInterests.map(
          (interest) =>
            `${interest.category} (${round(interest.segmentMean, 3)} vs ${round(interest.populationMean, 3)})`,
        ),
      ),
      joined(
        persona.topItems.map(
          (item) => `${item.title ? `${item.title} [${item.itemId}]` : item.itemId} lift ${round(item.lift, 2)}`,
        ),
      ),
      persona.activity.map((value) => round(value, 3)).join(' '),
      persona.activity.length,
      persona.predictedValue?.horizonDays ?? null,
      round(persona.predictedValue?.total, 2),
      round(persona.predictedValue?.mean, 2),
      data.display.currency,
    );
    return row;
  });
  // The byte-order mark makes Excel read the file as UTF-8 (keywords and titles in any script).
  return `\uFEFF${[header, ...rows].map(csvRow).join('')}`;
}
