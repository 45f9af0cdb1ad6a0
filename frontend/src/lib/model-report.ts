/**
 * Turns the typed parts of a training report (holdout metrics, plot data, importances) into what
 * the charts draw and the sentences people read. Metric names, explanations and directions come
 * from the server's catalog (`useMetricCatalog`), never from a copy here.
 */

import type {
  FeatureImportance,
  HoldoutMetrics,
  ImportanceCoverage as ImportanceCoverageData,
  LeaderboardEntry,
  PrCurve,
  RocCurve,
} from '@/api';

import type { MetricCatalog } from './metric-catalog';

/** The headline metrics shown as cards, per task, in display order. */
export const CARD_METRICS: Record<'classification' | 'regression', string[]> = {
  classification: ['roc_auc', 'accuracy', 'balanced_accuracy', 'f1_macro', 'log_loss'],
  regression: ['rmse', 'mae', 'r2', 'mape'],
};

/** A scalar metric of a holdout report by name, or null when it was not measured. */
export function metricValue(metrics: HoldoutMetrics, name: string): number | null {
  const value: unknown = (metrics as Record<string, unknown>)[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** 0.881385 -> "0.8814"; 12345.678 -> "12,346"; MAPE as a percentage. */
export function formatMetric(value: number | null | undefined, metric = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (metric === 'mape') return `${(value * 100).toFixed(1)}%`;
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(1);
  if (abs === 0) return '0';
  if (abs < 0.001) return value.toExponential(2);
  return value.toFixed(4).replace(/\.?0+$/, '') || '0';
}

export type BaselineComparison = {
  model: number;
  baseline: number;
  /** The improvement in the metric's good direction: positive means the model is better. */
  improvement: number;
  /** improvement / |baseline|, null when the baseline is 0. */
  relative: number | null;
  beats: boolean;
  /** The metric's direction the comparison was made in. */
  higherIsBetter: boolean;
};

/** Model vs naive baseline on one metric, or null when either value is missing. */
export function compareToBaseline(
  metric: string,
  holdout: HoldoutMetrics,
  baseline: HoldoutMetrics,
  higherIsBetter: boolean,
): BaselineComparison | null {
  const model = metricValue(holdout, metric);
  const base = metricValue(baseline, metric);
  if (model === null || base === null) return null;
  const improvement = higherIsBetter ? model - base : base - model;
  return {
    model,
    baseline: base,
    improvement,
    relative: base === 0 ? null : improvement / Math.abs(base),
    beats: improvement > 0,
    higherIsBetter,
  };
}

/** A sentence for a comparison: "Beats the baseline by 0.35 ROC AUC (+70%)". */
export function describeComparison(
  metric: string,
  comparison: BaselineComparison,
  catalog: MetricCatalog,
): string {
  const label = catalog.label(metric);
  const pct =
    comparison.relative === null ? '' : ` (${Math.abs(comparison.relative * 100).toFixed(0)}%)`;
  if (!comparison.beats) {
    return `Does not beat the naive baseline on ${label} (${formatMetric(comparison.model, metric)} vs ${formatMetric(comparison.baseline, metric)}).`;
  }
  const amount = formatMetric(Math.abs(comparison.improvement), metric);
  return comparison.higherIsBetter
    ? `Beats the baseline by ${amount} ${label}${pct}.`
    : `Beats the baseline: ${label} lower by ${amount}${pct}.`;
}

export type Point = { x: number; y: number };
export type CurveSeries = { label: string; points: Point[] };

/** ROC curves (x = false positive rate, y = true positive rate), one per class. */
export function rocSeries(curves: RocCurve[]): CurveSeries[] {
  return curves.map((c) => ({ label: c.label, points: zipPoints(c.fpr, c.tpr) }));
}

/** Precision-recall curves (x = recall, y = precision), one per class. */
export function prSeries(curves: PrCurve[]): CurveSeries[] {
  return curves.map((c) => ({ label: c.label, points: zipPoints(c.recall, c.precision) }));
}

/** Two parallel lists as points (the shorter decides the length). */
export function zipPoints(xs: number[], ys: number[]): Point[] {
  const n = Math.min(xs.length, ys.length);
  return xs.slice(0, n).map((x, i) => ({ x, y: ys[i] as number }));
}

export type Importance = { feature: string; importance: number; std: number };

export type ImportanceCoverage = {
  /** Measured importances, most important first. */
  measured: Importance[];
  /** Features listed by the model but not measured (the time share ran out): never dropped. */
  unmeasured: string[];
  total: number;
  complete: boolean;
  /** "All 12 features measured" or "9 of 12 features measured (…)". */
  summary: string;
  /** Holdout rows the importances were measured on, when the API says. */
  rows: number | null;
};

/** Every feature of the model, measured or not, and how complete the measurement is. */
export function importanceCoverage(
  importances: FeatureImportance[],
  coverage?: ImportanceCoverageData | null,
): ImportanceCoverage {
  const measured: Importance[] = [];
  const unmeasured: string[] = [];
  for (const entry of importances) {
    if (entry.importance === null || !Number.isFinite(entry.importance)) {
      unmeasured.push(entry.feature);
    } else {
      measured.push({ feature: entry.feature, importance: entry.importance, std: entry.std ?? 0 });
    }
  }
  measured.sort((a, b) => b.importance - a.importance);
  const total = measured.length + unmeasured.length;
  const complete = unmeasured.length === 0;
  const summary = complete
    ? `All ${total} features measured`
    : `${measured.length} of ${total} features measured (the time share ran out before the others)`;
  return { measured, unmeasured, total, complete, summary, rows: coverage?.rows ?? null };
}

function niceStep(range: number, count = 5): number {
  const raw = range / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
}

export type SquareScale = { domain: [number, number]; ticks: number[] };

/** A round-numbered range and its ticks covering [lo, hi] with a little room on both sides. */
export function niceScale(lo: number, hi: number): SquareScale {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { domain: [0, 1], ticks: [0, 0.5, 1] };
  const pad = (hi - lo) * 0.02 || Math.abs(lo) * 0.1 || 1;
  const step = niceStep(hi - lo + 2 * pad);
  const start = Math.floor((lo - pad) / step) * step;
  const end = Math.ceil((hi + pad) / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(10)));
  return { domain: [ticks[0] ?? start, ticks.at(-1) ?? end], ticks };
}

/** One round-numbered range and ticks covering x and y of every point, for "y = x" charts. */
export function sharedDomain(points: Point[]): SquareScale {
  if (points.length === 0) return { domain: [0, 1], ticks: [0, 0.5, 1] };
  let lo = Infinity;
  let hi = -Infinity;
  for (const { x, y } of points) {
    lo = Math.min(lo, x, y);
    hi = Math.max(hi, x, y);
  }
  return niceScale(lo, hi);
}

/** Share of each actual class predicted as each class (row-normalised), for the colour. */
export function rowShares(matrix: number[][]): number[][] {
  return matrix.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (total ? v / total : 0));
  });
}

/** Sorts trials best first; trials without a score go last. */
export function rankTrials(
  entries: LeaderboardEntry[],
  greaterIsBetter: boolean,
): LeaderboardEntry[] {
  return [...entries].sort((a, b) => {
    if (a.cv_mean === null) return b.cv_mean === null ? a.trial_id - b.trial_id : 1;
    if (b.cv_mean === null) return -1;
    return greaterIsBetter ? b.cv_mean - a.cv_mean : a.cv_mean - b.cv_mean;
  });
}
