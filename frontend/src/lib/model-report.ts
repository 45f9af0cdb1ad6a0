/**
 * Reads the loosely typed parts of a training result (holdout metrics, plots data, importances)
 * into shapes the charts can draw. The API types these as free JSON, so every reader checks what
 * it gets and returns null or an empty list instead of throwing on something unexpected.
 */

import type { LeaderboardEntry } from '@/api';

type Json = unknown;

const METRIC_LABELS: Record<string, string> = {
  roc_auc: 'ROC AUC',
  log_loss: 'Log loss',
  accuracy: 'Accuracy',
  balanced_accuracy: 'Balanced accuracy',
  f1_macro: 'F1 (macro)',
  precision_macro: 'Precision (macro)',
  recall_macro: 'Recall (macro)',
  rmse: 'RMSE',
  mae: 'MAE',
  mse: 'MSE',
  r2: 'R²',
  mape: 'MAPE',
};

/** One plain sentence per metric: what it measures and which way is better. */
const METRIC_EXPLANATIONS: Record<string, string> = {
  roc_auc: 'How well the model ranks positives above negatives: 0.5 is a coin toss, 1 is perfect.',
  log_loss:
    'How confident and right the predicted probabilities are; lower is better, 0 is perfect.',
  accuracy: 'Share of rows whose class is predicted correctly; higher is better.',
  balanced_accuracy:
    'Accuracy averaged over the classes, so a rare class counts as much as a common one.',
  f1_macro: 'Balance of precision and recall, averaged over the classes; 1 is perfect.',
  precision_macro:
    'Of the rows predicted as a class, the share that really are; averaged over classes.',
  recall_macro: 'Of the rows of a class, the share the model finds; averaged over classes.',
  rmse: 'Typical size of an error, in the target’s units; large errors weigh more. Lower is better.',
  mae: 'Average size of an error, in the target’s units. Lower is better.',
  mse: 'Average squared error (RMSE squared); large errors weigh much more. Lower is better.',
  r2: 'Share of the target’s variation the model explains: 1 is perfect, 0 is no better than the mean.',
  mape: 'Average error as a percentage of the true value. Lower is better.',
};

/** A one-line plain explanation of a metric, or null for one we do not know. */
export function metricExplanation(metric: string): string | null {
  return METRIC_EXPLANATIONS[metric] ?? null;
}

const LOWER_IS_BETTER = new Set(['log_loss', 'rmse', 'mae', 'mse', 'mape']);

/** The headline metrics shown as cards, per task, in display order. */
export const CARD_METRICS: Record<'classification' | 'regression', string[]> = {
  classification: ['roc_auc', 'accuracy', 'balanced_accuracy', 'f1_macro', 'log_loss'],
  regression: ['rmse', 'mae', 'r2', 'mape'],
};

export function metricLabel(metric: string): string {
  return METRIC_LABELS[metric] ?? metric.replace(/_/g, ' ');
}

export function greaterIsBetter(metric: string): boolean {
  return !LOWER_IS_BETTER.has(metric);
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

export function asNumber(value: Json): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function asRecord(value: Json): Record<string, Json> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, Json>)
    : null;
}

function numberList(value: Json): number[] | null {
  if (!Array.isArray(value)) return null;
  const out = value.map(asNumber);
  return out.every((v): v is number => v !== null) ? out : null;
}

export type BaselineComparison = {
  model: number;
  baseline: number;
  /** The improvement in the metric's good direction: positive means the model is better. */
  improvement: number;
  /** improvement / |baseline|, null when the baseline is 0. */
  relative: number | null;
  beats: boolean;
};

/** Model vs naive baseline on one metric, or null when either value is missing. */
export function compareToBaseline(
  metric: string,
  holdout: Record<string, Json>,
  baseline: Record<string, Json>,
  higherIsBetter = greaterIsBetter(metric),
): BaselineComparison | null {
  const model = asNumber(holdout[metric]);
  const base = asNumber(baseline[metric]);
  if (model === null || base === null) return null;
  const improvement = higherIsBetter ? model - base : base - model;
  return {
    model,
    baseline: base,
    improvement,
    relative: base === 0 ? null : improvement / Math.abs(base),
    beats: improvement > 0,
  };
}

/** A sentence for a comparison: "Beats the baseline by 0.35 ROC AUC (+70%)". */
export function describeComparison(metric: string, comparison: BaselineComparison): string {
  const label = metricLabel(metric);
  const pct =
    comparison.relative === null ? '' : ` (${Math.abs(comparison.relative * 100).toFixed(0)}%)`;
  if (!comparison.beats) {
    return `Does not beat the naive baseline on ${label} (${formatMetric(comparison.model, metric)} vs ${formatMetric(comparison.baseline, metric)}).`;
  }
  const amount = formatMetric(Math.abs(comparison.improvement), metric);
  return greaterIsBetter(metric)
    ? `Beats the baseline by ${amount} ${label}${pct}.`
    : `Beats the baseline: ${label} lower by ${amount}${pct}.`;
}

export type ConfusionMatrix = { labels: string[]; matrix: number[][] };

export function parseConfusionMatrix(plots: Record<string, Json>): ConfusionMatrix | null {
  const cm = asRecord(plots.confusion_matrix);
  if (!cm || !Array.isArray(cm.labels) || !Array.isArray(cm.matrix)) return null;
  const labels = cm.labels.map(String);
  const matrix = cm.matrix.map(numberList);
  if (matrix.some((row) => row === null || row.length !== labels.length)) return null;
  if (matrix.length !== labels.length) return null;
  return { labels, matrix: matrix as number[][] };
}

export type Point = { x: number; y: number };
export type CurveSeries = { label: string; points: Point[] };

/** ROC (x = fpr, y = tpr) or precision-recall (x = recall, y = precision) curves per class. */
export function parseCurves(plots: Record<string, Json>, kind: 'roc' | 'pr'): CurveSeries[] {
  const raw = plots[kind === 'roc' ? 'roc_curve' : 'pr_curve'];
  if (!Array.isArray(raw)) return [];
  const [xKey, yKey] = kind === 'roc' ? ['fpr', 'tpr'] : ['recall', 'precision'];
  const out: CurveSeries[] = [];
  for (const entry of raw) {
    const rec = asRecord(entry);
    const xs = rec && numberList(rec[xKey]);
    const ys = rec && numberList(rec[yKey]);
    if (!rec || !xs || !ys || xs.length !== ys.length) continue;
    out.push({ label: String(rec.label), points: xs.map((x, i) => ({ x, y: ys[i] as number })) });
  }
  return out;
}

/** Pairs two parallel number lists of a plots entry, e.g. predicted_vs_actual.actual/predicted. */
export function parseScatter(
  plots: Record<string, Json>,
  key: string,
  xKey: string,
  yKey: string,
): Point[] {
  const rec = asRecord(plots[key]);
  const xs = rec && numberList(rec[xKey]);
  const ys = rec && numberList(rec[yKey]);
  if (!xs || !ys || xs.length !== ys.length) return [];
  return xs.map((x, i) => ({ x, y: ys[i] as number }));
}

export type Importance = { feature: string; importance: number; std: number };

/** Measured permutation importances, most important first (see `importanceCoverage` for the rest). */
export function parseImportances(raw: Json): Importance[] {
  if (!Array.isArray(raw)) return [];
  const out: Importance[] = [];
  for (const entry of raw) {
    const rec = asRecord(entry);
    const importance = rec && asNumber(rec.importance);
    if (!rec || importance === null) continue;
    out.push({ feature: String(rec.feature), importance, std: asNumber(rec.std) ?? 0 });
  }
  return out.sort((a, b) => b.importance - a.importance);
}

export type ImportanceCoverage = {
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
export function importanceCoverage(raw: Json, coverage?: Json): ImportanceCoverage {
  const measured = parseImportances(raw);
  const unmeasured: string[] = [];
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const rec = asRecord(entry);
      if (rec && asNumber(rec.importance) === null) unmeasured.push(String(rec.feature));
    }
  }
  const total = measured.length + unmeasured.length;
  const complete = unmeasured.length === 0;
  const summary = complete
    ? `All ${total} features measured`
    : `${measured.length} of ${total} features measured (the time share ran out before the others)`;
  const rows = asNumber(asRecord(coverage ?? null)?.rows ?? null);
  return { measured, unmeasured, total, complete, summary, rows };
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
