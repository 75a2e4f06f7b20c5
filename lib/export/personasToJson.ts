import type { PersonaExport } from './personaExport.types';

/** The full persona objects with the run they come from, for other tools to read. */
export function personasToJson(data: PersonaExport): string {
  const { dataset, runId, createdAt, eventsUpTo, exportedAt, metrics, hiddenSegments, segments } = data;
  return `${JSON.stringify(
    {
      format: 'portrait.personas/1',
      dataset,
      runId,
      createdAt,
      eventsUpTo,
      exportedAt,
      metrics,
      hiddenSegments,
      personas: segments.map(({ index, persona, featureDifferences }) => ({
        segmentIndex: index,
        ...persona,
        featureDifferences,
      })),
    },
    null,
    2,
  )}\n`;
}
