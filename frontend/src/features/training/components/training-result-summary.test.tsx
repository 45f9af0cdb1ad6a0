import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { TrainingJobRead, TrainingResult } from '@/api';
import { renderWithProviders } from '@test/render';

import { TrainingResultSummary } from './training-result-summary';

const result = {
  task: 'classification',
  metric: 'log_loss',
  greater_is_better: false,
  cv_score: 0.1,
  leaderboard: [],
  best_trial: { trial_id: 0, algorithm: 'linear' },
  ensemble_used: false,
  dropped_columns: [],
  rows: { train: 120, holdout: 30 },
  timings: { total_s: 12 },
  registry: { model_id: 'model-1', version: 1, gate: { decision: 'champion' } },
} as unknown as TrainingResult;

function finishedJob(runUrl: string | null): TrainingJobRead {
  return {
    id: 'job-1',
    status: 'succeeded',
    model_name: 'Iris',
    model_version: 1,
    duration_s: 12,
    mlflow_experiment_id: '7',
    mlflow_run_id: 'run-abc',
    mlflow_run_url: runUrl,
  } as unknown as TrainingJobRead;
}

describe('TrainingResultSummary', () => {
  it('links to the MLflow run when the API gives its address', () => {
    const url = 'http://mlflow.example/#/experiments/7/runs/run-abc';
    renderWithProviders(<TrainingResultSummary job={finishedJob(url)} result={result} />);
    const link = screen.getByRole('link', { name: /Open the run in MLflow/ });
    expect(link).toHaveAttribute('href', url);
    expect(link).toHaveAttribute('target', '_blank');
    expect(screen.queryByText('run-abc')).not.toBeInTheDocument();
  });

  it('shows the run and experiment ids as text without an MLflow UI address', () => {
    renderWithProviders(<TrainingResultSummary job={finishedJob(null)} result={result} />);
    expect(screen.queryByRole('link', { name: /MLflow/ })).not.toBeInTheDocument();
    expect(screen.getByText('run-abc')).toBeInTheDocument();
    expect(screen.getByText('7')).toBeInTheDocument();
  });
});
