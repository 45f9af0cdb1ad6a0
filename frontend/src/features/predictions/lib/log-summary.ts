import type { PredictionLogRead } from '@/api';
import { formatNumber } from '@/lib/formatters';
import { formatMetric } from '@/lib/model-report';

/** The first prediction(s) of a log entry, short. */
export function outputSummary(entry: PredictionLogRead): string {
  const preds = entry.outputs.predictions;
  if (!Array.isArray(preds) || preds.length === 0) return '—';
  const shown = preds
    .slice(0, 3)
    .map((p) => (typeof p === 'number' ? formatMetric(p) : String(p)))
    .join(', ');
  return preds.length > 3 ? `${shown}, … (${formatNumber(preds.length)})` : shown;
}
