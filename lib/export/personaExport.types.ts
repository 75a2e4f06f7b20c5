import type { DisplaySettings } from '@/lib/datasets/displaySettings';
import type { FeatureComparison } from '@/lib/queries/compareFeatures';
import type { Persona } from '@/lib/runs/persona.types';

export const exportFormats = ['csv', 'json', 'md', 'pdf'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportContentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  pdf: 'application/pdf',
};

export interface ExportedSegment {
  index: number;
  /** the stored persona, less sensitive attributes and erased representative users */
  persona: Persona;
  /** the segment's largest standardised differences from the population, for the chart */
  featureDifferences: FeatureComparison[];
}

/** What every persona export is written from: one run's shown segments and its metrics. */
export interface PersonaExport {
  dataset: { id: number; name: string };
  runId: number;
  /** when the run finished */
  createdAt: string | null;
  /** the last event time the run saw */
  eventsUpTo: string | null;
  exportedAt: string;
  metrics: Record<string, unknown>;
  segments: ExportedSegment[];
  /** the dataset's currency (prices and spend) and display names (attributes, event types) */
  display: DisplaySettings;
  /** segments under the size floor: counted here, never exported */
  hiddenSegments: { count: number; users: number };
}
