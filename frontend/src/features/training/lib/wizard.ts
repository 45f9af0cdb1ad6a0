import type { IntRange, TrainingJobCreate, TrainingPreview } from '@/api';

/** Round budgets, in seconds, on a roughly logarithmic scale. */
const ROUND_BUDGETS = [10, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400];

/**
 * Slider stops for the time budget within the server's limits (`GET /training/options`): the
 * round budgets between them, plus the limits and the default themselves.
 */
export function budgetSteps(limits: IntRange): number[] {
  const inside = ROUND_BUDGETS.filter((s) => s > limits.min && s < limits.max);
  return [...new Set([limits.min, ...inside, limits.default, limits.max])].sort((a, b) => a - b);
}

/** The slider stop of a budget, or the nearest one. */
export function budgetIndex(seconds: number, steps: number[]): number {
  const exact = steps.indexOf(seconds);
  if (exact >= 0) return exact;
  let best = 0;
  steps.forEach((s, i) => {
    if (Math.abs(s - seconds) < Math.abs((steps[best] ?? 0) - seconds)) best = i;
  });
  return best;
}

export type WizardValues = {
  datasetId: string;
  datasetVersion: number | null;
  target: string;
  /** Columns to train on, the target excluded. */
  features: string[];
  budgetSeconds: number;
  modelName: string;
  algorithms: string[];
  metric: string | null;
  folds: number;
  seed: number;
};

/**
 * The initial feature selection for a target: every column but the target, minus the columns
 * the preview suggests excluding (identifiers, constants, ...).
 */
export function initialFeatures(columns: string[], preview: TrainingPreview): string[] {
  const excluded = new Set(preview.suggested_exclusions.map((c) => c.name));
  excluded.add(preview.target);
  return columns.filter((c) => !excluded.has(c));
}

/** The POST /training-jobs body: empty optional choices are left out so the server decides. */
export function buildTrainingRequest(values: WizardValues): TrainingJobCreate {
  const body: TrainingJobCreate = {
    dataset_id: values.datasetId,
    target: values.target,
    features: values.features,
    time_budget_s: values.budgetSeconds,
    folds: values.folds,
    seed: values.seed,
  };
  if (values.datasetVersion !== null) body.dataset_version = values.datasetVersion;
  const name = values.modelName.trim();
  if (name) body.model_name = name;
  if (values.algorithms.length > 0) body.algorithms = values.algorithms;
  if (values.metric) body.metric = values.metric;
  return body;
}
