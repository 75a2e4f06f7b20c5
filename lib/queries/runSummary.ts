import { computeDevices, type DeviceChoice, deviceRequests } from '@/lib/ml/runtime/device/computeDevice';

/** A training run as the dashboard shows it: when, on which events, how good the clustering. */
export interface RunSummary {
  id: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** the newest event the run trained on */
  eventsUpTo: string | null;
  k: number | null;
  silhouette: number | null;
  error: string | null;
  /** how review text became vectors: the model, or the TF-IDF fallback and why, or 'none' when no event had text; null when the run had none to say */
  textVectors: { method: 'transformers' | 'tfidf-svd' | 'none'; model: string | null; reason: string | null } | null;
  /** the device the run computed on and why the others were skipped; null for runs from before devices were recorded */
  device: DeviceChoice | null;
}

export interface RunRow {
  run_id: number;
  run_status: string;
  run_started_at: Date;
  run_finished_at: Date | null;
  run_events_up_to: Date | null;
  run_metrics: Record<string, unknown> | null;
  run_error: string | null;
  /** number of segments the run stored, for runs whose metrics lack k */
  run_segment_count: number | null;
  /** meta.text: how the run turned text into vectors */
  run_text?: Record<string, unknown> | null;
  /** meta.device: the run's device choice */
  run_device?: Record<string, unknown> | null;
}

/** Columns for `runRowFrom` over a `model_runs` alias, e.g. `SELECT ${runColumns('r')} FROM model_runs r`. */
export function runColumns(alias: string): string {
  return `${alias}.id AS run_id, ${alias}.status AS run_status, ${alias}.started_at AS run_started_at,
    ${alias}.finished_at AS run_finished_at, ${alias}.events_up_to AS run_events_up_to,
    ${alias}.metrics AS run_metrics, ${alias}.error AS run_error, ${alias}.meta->'text' AS run_text,
    ${alias}.meta->'device' AS run_device,
    (SELECT count(*)::int FROM segments s WHERE s.run_id = ${alias}.id) AS run_segment_count`;
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function textVectorsFrom(text: Record<string, unknown> | null | undefined): RunSummary['textVectors'] {
  if (!text || (text.method !== 'transformers' && text.method !== 'tfidf-svd' && text.method !== 'none')) return null;
  // runs trained before 'none' recorded a text-less run as the fallback, with this reason
  if (text.method === 'none' || (text.method === 'tfidf-svd' && text.reason === 'no event has text')) {
    return { method: 'none', model: null, reason: null };
  }
  return {
    method: text.method,
    model: typeof text.model === 'string' ? text.model : null,
    reason: typeof text.reason === 'string' ? text.reason : null,
  };
}

function deviceFrom(device: Record<string, unknown> | null | undefined): DeviceChoice | null {
  const known = (value: unknown, list: readonly string[]) => typeof value === 'string' && list.includes(value);
  if (!device || !known(device.device, computeDevices) || !known(device.requested, deviceRequests)) return null;
  const skipped = Array.isArray(device.skipped) ? device.skipped : [];
  return {
    requested: device.requested as DeviceChoice['requested'],
    device: device.device as DeviceChoice['device'],
    skipped: skipped
      .filter((entry) => known(entry?.device, computeDevices) && typeof entry?.reason === 'string')
      .map((entry) => ({ device: entry.device, reason: entry.reason })),
  };
}

export function runSummaryFrom(row: RunRow): RunSummary | null {
  if (row.run_id === null || row.run_id === undefined) return null;
  const metrics = row.run_metrics ?? {};
  // the pipeline writes metrics.segments; older or hand-made runs put k and silhouette elsewhere
  const segments = (metrics.segments ?? {}) as Record<string, unknown>;
  const clustering = (metrics.clustering ?? {}) as Record<string, unknown>;
  return {
    id: row.run_id,
    status: row.run_status,
    startedAt: row.run_started_at.toISOString(),
    finishedAt: row.run_finished_at?.toISOString() ?? null,
    durationMs: row.run_finished_at ? row.run_finished_at.getTime() - row.run_started_at.getTime() : null,
    eventsUpTo: row.run_events_up_to?.toISOString() ?? null,
    k:
      finiteOrNull(segments.k) ??
      finiteOrNull(clustering.k) ??
      finiteOrNull(metrics.k) ??
      (row.run_segment_count || null),
    silhouette:
      finiteOrNull(segments.silhouette) ?? finiteOrNull(clustering.silhouette) ?? finiteOrNull(metrics.silhouette),
    error: row.run_error,
    textVectors: textVectorsFrom(row.run_text),
    device: deviceFrom(row.run_device),
  };
}
