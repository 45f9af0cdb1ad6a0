import { describe, expect, it } from 'vitest';

import type { LeaderboardEntry, TrainingOptions } from '@/api';
import trainingOptions from '@test/training-options.gen.json';
import { holdoutMetrics } from '@test/report-fixtures';

import { metricCatalog } from './metric-catalog';
import {
  CARD_METRICS,
  compareToBaseline,
  describeComparison,
  formatMetric,
  importanceCoverage,
  metricValue,
  niceScale,
  prSeries,
  rankTrials,
  rocSeries,
  rowShares,
  sharedDomain,
  zipPoints,
} from './model-report';

// The server's catalog, as `make client` generated it from the backend.
const catalog = metricCatalog((trainingOptions as TrainingOptions).metrics);

describe('compareToBaseline', () => {
  it('measures the improvement of a higher-is-better metric', () => {
    const cmp = compareToBaseline(
      'roc_auc',
      holdoutMetrics({ roc_auc: 0.85 }),
      holdoutMetrics({ roc_auc: 0.5 }),
      true,
    );
    expect(cmp?.beats).toBe(true);
    expect(cmp?.improvement).toBeCloseTo(0.35);
    expect(cmp?.relative).toBeCloseTo(0.7);
    expect(describeComparison('roc_auc', cmp!, catalog)).toBe(
      'Beats the baseline by 0.35 ROC AUC (70%).',
    );
  });

  it('treats a lower error as better', () => {
    const cmp = compareToBaseline(
      'rmse',
      holdoutMetrics({ rmse: 8 }),
      holdoutMetrics({ rmse: 10 }),
      false,
    );
    expect(cmp?.beats).toBe(true);
    expect(describeComparison('rmse', cmp!, catalog)).toBe(
      'Beats the baseline: RMSE lower by 2 (20%).',
    );
  });

  it('says so when the model does not beat the baseline', () => {
    const cmp = compareToBaseline(
      'accuracy',
      holdoutMetrics({ accuracy: 0.5 }),
      holdoutMetrics({ accuracy: 0.6 }),
      true,
    );
    expect(cmp?.beats).toBe(false);
    expect(describeComparison('accuracy', cmp!, catalog)).toMatch(
      /^Does not beat the naive baseline/,
    );
  });

  it('is null when a value is missing', () => {
    expect(
      compareToBaseline('roc_auc', holdoutMetrics({}), holdoutMetrics({ roc_auc: 0.5 }), true),
    ).toBeNull();
    expect(metricValue(holdoutMetrics({ per_class: [] }), 'per_class')).toBeNull();
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

describe('chart data', () => {
  it('pairs curve coordinates per class', () => {
    expect(rocSeries([{ label: 'yes', fpr: [0, 0.5, 1], tpr: [0, 0.8, 1] }])).toEqual([
      {
        label: 'yes',
        points: [
          { x: 0, y: 0 },
          { x: 0.5, y: 0.8 },
          { x: 1, y: 1 },
        ],
      },
    ]);
    expect(prSeries([{ label: 'yes', recall: [0, 1], precision: [1, 0.4] }])[0]?.points[1]).toEqual(
      { x: 1, y: 0.4 },
    );
  });

  it('shares each actual class out over the predicted ones', () => {
    expect(
      rowShares([
        [8, 2],
        [1, 9],
        [0, 0],
      ]),
    ).toEqual([
      [0.8, 0.2],
      [0.1, 0.9],
      [0, 0],
    ]);
  });

  it('pairs scatter lists and pads a square domain', () => {
    const points = zipPoints([1, 2], [1.5, 2.5]);
    expect(points).toEqual([
      { x: 1, y: 1.5 },
      { x: 2, y: 2.5 },
    ]);
    expect(zipPoints([1, 2, 3], [4])).toEqual([{ x: 1, y: 4 }]);
    expect(sharedDomain(points)).toEqual({ domain: [0.5, 3], ticks: [0.5, 1, 1.5, 2, 2.5, 3] });
    expect(
      sharedDomain([
        { x: 14.9, y: 40 },
        { x: 83.1, y: 60 },
      ]).ticks,
    ).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('rounds a score range to readable ticks', () => {
    expect(niceScale(0.8505, 0.8922).ticks).toEqual([0.84, 0.85, 0.86, 0.87, 0.88, 0.89, 0.9]);
  });
});

describe('importanceCoverage', () => {
  it('keeps unmeasured features, sorts the measured ones and says how many were measured', () => {
    const importances = [
      { feature: 'a', importance: 0.1, std: 0 },
      { feature: 'b', importance: null, std: null },
      { feature: 'c', importance: 0.3, std: 0 },
    ];
    const cov = importanceCoverage(importances, {
      rows: 200,
      computed: 2,
      total: 3,
      complete: false,
      repeats: 3,
      seconds: 1.2,
      summary: '2 of 3 features measured',
    });
    expect(cov.measured.map((i) => i.feature)).toEqual(['c', 'a']);
    expect(cov.unmeasured).toEqual(['b']);
    expect(cov.complete).toBe(false);
    expect(cov.summary).toBe('2 of 3 features measured (the time share ran out before the others)');
    expect(cov.rows).toBe(200);
  });

  it('says all features were measured when none is missing', () => {
    const cov = importanceCoverage([{ feature: 'a', importance: 0.1, std: null }]);
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

describe('metric catalog', () => {
  it('explains every metric the app shows in one plain sentence, from the server', () => {
    for (const metric of [...CARD_METRICS.classification, ...CARD_METRICS.regression, 'mse']) {
      const text = catalog.explanation(metric);
      expect(text, metric).toMatch(/^[A-Z].*\.$/);
      expect(text!.length, metric).toBeLessThan(120);
    }
    expect(catalog.explanation('log_loss')).toMatch(/lower is better/);
    expect(catalog.greaterIsBetter('log_loss')).toBe(false);
    expect(catalog.label('r2')).toBe('R²');
  });

  it('reads unknown metrics readably until the catalog knows them', () => {
    const empty = metricCatalog();
    expect(empty.label('balanced_accuracy')).toBe('balanced accuracy');
    expect(empty.explanation('made_up')).toBeNull();
    expect(empty.greaterIsBetter('rmse', false)).toBe(false);
  });
});
