import { describe, expect, it } from 'vitest';

import type { TrainingPreview } from '@/api';

import {
  budgetIndex,
  budgetSteps,
  buildTrainingRequest,
  initialFeatures,
  type WizardValues,
} from './wizard';

const preview = {
  target: 'churn',
  suggested_exclusions: [
    { name: 'id', reason: 'marked as an identifier' },
    { name: 'const', reason: 'constant' },
  ],
} as TrainingPreview;

describe('initialFeatures', () => {
  it('keeps every column but the target and the suggested exclusions', () => {
    expect(initialFeatures(['id', 'age', 'const', 'city', 'churn'], preview)).toEqual([
      'age',
      'city',
    ]);
  });
});

describe('budgetIndex', () => {
  const steps = budgetSteps({ min: 10, max: 3600, default: 60 });

  it('finds the slider stop of a budget, or the nearest one', () => {
    expect(budgetIndex(60, steps)).toBe(3);
    expect(budgetIndex(10, steps)).toBe(0);
    expect(budgetIndex(3000, steps)).toBe(9);
  });

  it('puts round stops between the server limits, with the limits and default', () => {
    expect(steps).toEqual([10, 20, 30, 60, 120, 300, 600, 900, 1800, 3600]);
    expect(budgetSteps({ min: 5, max: 100, default: 45 })).toEqual([5, 10, 20, 30, 45, 60, 100]);
  });
});

describe('buildTrainingRequest', () => {
  const values: WizardValues = {
    datasetId: 'd1',
    datasetVersion: 2,
    target: 'churn',
    features: ['age'],
    budgetSeconds: 10,
    modelName: '  ',
    algorithms: [],
    metric: null,
    folds: 5,
    seed: 0,
  };

  it('leaves empty choices to the server', () => {
    expect(buildTrainingRequest(values)).toEqual({
      dataset_id: 'd1',
      dataset_version: 2,
      target: 'churn',
      features: ['age'],
      time_budget_s: 10,
      folds: 5,
      seed: 0,
    });
  });

  it('sends what the user chose', () => {
    const body = buildTrainingRequest({
      ...values,
      modelName: ' Churn ',
      algorithms: ['lightgbm'],
      metric: 'accuracy',
    });
    expect(body).toMatchObject({
      model_name: 'Churn',
      algorithms: ['lightgbm'],
      metric: 'accuracy',
    });
  });
});
