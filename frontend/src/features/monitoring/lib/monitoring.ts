import type { DriftRead, FeatureDriftRead, UsageRead } from '@/api';

export type DriftStatus = DriftRead['status'];

export const DRIFT_STATUS: Record<DriftStatus, { color: string; label: string }> = {
  ok: { color: 'teal', label: 'No drift' },
  warning: { color: 'yellow', label: 'Some drift' },
  drift: { color: 'red', label: 'Drift' },
  insufficient_data: { color: 'gray', label: 'Not enough data' },
};

/** Bucket names made readable: "__missing__" -> "(missing)". */
export function bucketLabel(bucket: string): string {
  if (bucket === '__missing__') return '(missing)';
  if (bucket === '__other__') return '(other)';
  return bucket;
}

export function driftChartData(feature: FeatureDriftRead) {
  return feature.chart.map((b) => ({
    bucket: bucketLabel(b.bucket),
    reference: b.reference,
    current: b.current,
  }));
}

/** Usage buckets as chart rows (epoch ms), for request volume and latency lines. */
export function usageChartData(usage: UsageRead) {
  return usage.series.map((b) => ({
    t: Date.parse(b.start),
    requests: b.requests,
    rows: b.rows,
    p50: b.latency_ms_p50 ?? null,
    p95: b.latency_ms_p95 ?? null,
  }));
}

export const CADENCE_PRESETS = [
  { value: 'daily', label: 'Daily (03:00 UTC)' },
  { value: 'weekly', label: 'Weekly (Monday 03:00 UTC)' },
  { value: 'custom', label: 'Custom (cron, UTC)' },
];

/** The preset a stored cadence matches, or "custom" for a cron expression. */
export function cadencePreset(cadence: string): string {
  return cadence === 'daily' || cadence === 'weekly' ? cadence : 'custom';
}
