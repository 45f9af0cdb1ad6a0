import { describe, expect, it } from 'vitest';

import type { LeaderboardEntry } from '@/api';

import {
  CARD_METRICS,
  compareToBaseline,
  describeComparison,
  formatMetric,
  niceScale,
  parseConfusionMatrix,
  parseCurves,
  importanceCoverage,
  metricExplanation,
  parseImportances,
  parseScatter,
  rankTrials,
  rowShares,
  sharedDomain,
} from './model-report';

describe('compareToBaseline', () => {
  it('measures the improvement of a higher-is-better metric', () => {
    const cmp = compareToBaseline('roc_auc', { roc_auc: 0.85 }, { roc_auc: 0.5 });
    expect(cmp?.beats).toBe(true);
    expect(cmp?.improvement).toBeCloseTo(0.35);
    expect(cmp?.relative).toBeCloseTo(0.7);
    expect(describeComparison('roc_auc', cmp!)).toBe('Beats the baseline by 0.35 ROC AUC (70%).');
  });

  it('treats a lower error as better', () => {
    const cmp = compareToBaseline('rmse', { rmse: 8 }, { rmse: 10 });
    expect(cmp?.beats).toBe(true);
    expect(describeComparison('rmse', cmp!)).toBe('Beats the baseline: RMSE lower by 2 (20%).');
  });

  it('says so when the model does not beat the baseline', () => {
    const cmp = compareToBaseline('accuracy', { accuracy: 0.5 }, { accuracy: 0.6 });
    expect(cmp?.beats).toBe(false);
    expect(describeComparison('accuracy', cmp!)).toMatch(/^Does not beat the naive baseline/);
  });

  it('is null when a value is missing', () => {
    expect(compareToBaseline('roc_auc', { roc_auc: null }, { roc_auc: 0.5 })).toBeNull();
  });
});

describe('formatMetric', () => {
  it.each([
    [0.881385, 'roc_auc', '0.8814'],
    [12345.678, 'rmse', '12,346'],
    [0.123, 'mape', '12.3%'],
    [null, 'r2', '—'],
    [0.5, '', '0.5'],
  ])('%s (%s) -> %s', (value, metric, expected) => {
    expect(formatMetric(value, metric)).toBe(expected);
  });
});

describe('plot readers', () => {
  const plots = {
    roc_curve: [{ label: 'yes', fpr: [0, 0.5, 1], tpr: [0, 0.8, 1] }, { label: 'broken' }],
    pr_curve: [{ label: 'yes', recall: [0, 1], precision: [1, 0.4] }],
    confusion_matrix: {
      labels: ['no', 'yes'],
      matrix: [
        [8, 2],
        [1, 9],
      ],
    },
    predicted_vs_actual: { actual: [1, 2], predicted: [1.5, 2.5] },
  };

  it('pairs curve coordinates and skips malformed series', () => {
    expect(parseCurves(plots, 'roc')).toEqual([
      {
        label: 'yes',
        points: [
          { x: 0, y: 0 },
          { x: 0.5, y: 0.8 },
          { x: 1, y: 1 },
        ],
      },
    ]);
    expect(parseCurves(plots, 'pr')[0]?.points[1]).toEqual({ x: 1, y: 0.4 });
  });

  it('reads the confusion matrix and its row shares', () => {
    const cm = parseConfusionMatrix(plots);
    expect(cm?.labels).toEqual(['no', 'yes']);
    expect(rowShares(cm!.matrix)).toEqual([
      [0.8, 0.2],
      [0.1, 0.9],
    ]);
    expect(
      parseConfusionMatrix({ confusion_matrix: { labels: ['a'], matrix: [[1, 2]] } }),
    ).toBeNull();
  });

  it('reads scatter pairs and a padded square domain', () => {
    const points = parseScatter(plots, 'predicted_vs_actual', 'actual', 'predicted');
    expect(points).toEqual([
      { x: 1, y: 1.5 },
      { x: 2, y: 2.5 },
    ]);
    expect(sharedDomain(points)).toEqual({ domain: [0.5, 3], ticks: [0.5, 1, 1.5, 2, 2.5, 3] });
    expect(
      sharedDomain([
        { x: 14.9, y: 40 },
        { x: 83.1, y: 60 },
      ]).ticks,
    ).toEqual([0, 20, 40, 60, 80, 100]);
    expect(parseScatter(plots, 'residuals', 'predicted', 'residual')).toEqual([]);
  });

  it('rounds a score range to readable ticks', () => {
    expect(niceScale(0.8505, 0.8922).ticks).toEqual([0.84, 0.85, 0.86, 0.87, 0.88, 0.89, 0.9]);
  });

  it('sorts importances and drops unmeasured features', () => {
    const raw = [
      { feature: 'a', importance: 0.1, std: 0 },
      { feature: 'b', importance: null, std: null },
      { feature: 'c', importance: 0.3, std: 0.01 },
    ];
    expect(parseImportances(raw).map((i) => i.feature)).toEqual(['c', 'a']);
  });
});

describe('importanceCoverage', () => {
  it('keeps unmeasured features and says how many were measured', () => {
    const raw = [
      { feature: 'a', importance: 0.1, std: 0 },
      { feature: 'b', importance: null, std: null },
      { feature: 'c', importance: 0.3, std: 0 },
    ];
    const cov = importanceCoverage(raw, { rows: 200, computed: 2, total: 3 });
    expect(cov.measured.map((i) => i.feature)).toEqual(['c', 'a']);
    expect(cov.unmeasured).toEqual(['b']);
    expect(cov.complete).toBe(false);
    expect(cov.summary).toBe('2 of 3 features measured (the time share ran out before the others)');
    expect(cov.rows).toBe(200);
  });

  it('says all features were measured when none is missing', () => {
    const cov = importanceCoverage([{ feature: 'a', importance: 0.1 }]);
    expect(cov.summary).toBe('All 1 features measured');
    expect(cov.rows).toBeNull();
  });
});

describe('rankTrials', () => {
  const trial = (id: number, cv: number | null): LeaderboardEntry => ({
    trial_id: id,
    algorithm: 'x',
    params: {},
    source: 'search',
    status: cv === null ? 'failed' : 'ok',
    cv_mean: cv,
    cv_std: null,
    fit_time_s: 0,
    predict_time_s: 0,
    error: null,
  });

  it('puts the best first in the metric direction, failures last', () => {
    const trials = [trial(0, 0.7), trial(1, null), trial(2, 0.9)];
    expect(rankTrials(trials, true).map((t) => t.trial_id)).toEqual([2, 0, 1]);
    expect(rankTrials(trials, false).map((t) => t.trial_id)).toEqual([0, 2, 1]);
  });
});

describe('metricExplanation', () => {
  it('explains every metric the app shows in one plain sentence', () => {
    for (const metric of [...CARD_METRICS.classification, ...CARD_METRICS.regression, 'mse']) {
      const text = metricExplanation(metric);
      expect(text, metric).toMatch(/^[A-Z].*\.$/);
      expect(text!.length, metric).toBeLessThan(120);
    }
    expect(metricExplanation('log_loss')).toMatch(/lower is better/);
    expect(metricExplanation('made_up')).toBeNull();
  });
});
