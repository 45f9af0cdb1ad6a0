import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { LeaderboardEntry, TrainingJobRead, TrainingProgress } from '@/api';
import { renderWithProviders } from '@test/render';

import { JobProgressPanel } from './job-progress-panel';

function entry(trialId: number, cvMean: number | null, algorithm: string): LeaderboardEntry {
  return {
    trial_id: trialId,
    algorithm,
    params: {},
    source: 'default',
    status: cvMean === null ? 'failed' : 'ok',
    cv_mean: cvMean,
    cv_std: null,
    fit_time_s: 0.5,
    predict_time_s: 0.1,
    error: cvMean === null ? 'boom' : null,
  };
}

function runningJob(partial: Partial<TrainingProgress>): TrainingJobRead {
  const progress: TrainingProgress = {
    fraction: 0,
    trials_done: 0,
    best_score: null,
    step: null,
    message: null,
    history: [],
    metric: null,
    greater_is_better: null,
    leaderboard: [],
    leaderboard_total: 0,
    trial_counts: {},
    ...partial,
  };
  return {
    id: 'job-1',
    status: 'running',
    dataset_id: 'ds-1',
    dataset_version: 1,
    target: 'species',
    task: 'auto',
    model_name: 'Iris',
    model_version: null,
    progress,
    error: null,
    cancel_requested: false,
    created_at: '2026-01-01T00:00:00Z',
    started_at: '2026-01-01T00:00:01Z',
    finished_at: null,
    duration_s: null,
    config: { time_budget_s: 60 },
    registered_model_name: 'iris',
    mlflow_experiment_id: null,
    mlflow_run_id: null,
    result: null,
  } as TrainingJobRead;
}

describe('JobProgressPanel', () => {
  it('names the metric in the best score and shows the leaderboard so far, best first', () => {
    renderWithProviders(
      <JobProgressPanel
        job={runningJob({
          fraction: 0.3,
          trials_done: 3,
          best_score: 0.12,
          step: 'search',
          metric: 'log_loss',
          greater_is_better: false,
          leaderboard: [
            entry(2, 0.12, 'decision_tree'),
            entry(0, 0.4, 'linear'),
            entry(1, null, 'knn'),
          ],
          leaderboard_total: 3,
          trial_counts: { ok: 2, failed: 1 },
        })}
      />,
    );
    expect(screen.getByText(/^Best log loss$/i)).toBeInTheDocument();
    expect(screen.getByText('3 finished candidates, best first.')).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'Leaderboard' })).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('decision tree');
    expect(rows[1]).toHaveTextContent('best');
    expect(rows[2]).toHaveTextContent('linear');
    expect(rows[3]).toHaveTextContent('knn');
  });

  it('lists the leaderboard trials as the latest trials when opened after they finished', () => {
    renderWithProviders(
      <JobProgressPanel
        job={runningJob({
          fraction: 0.5,
          trials_done: 2,
          step: 'refit',
          message: 'refitting the best candidate',
          leaderboard: [entry(1, 0.91234, 'lightgbm'), entry(0, null, 'knn')],
          leaderboard_total: 2,
        })}
      />,
    );
    expect(screen.queryByText('No trial has finished yet.')).not.toBeInTheDocument();
    const items = within(screen.getByRole('list', { name: 'Latest trials' })).getAllByRole(
      'listitem',
    );
    expect(items.map((i) => i.textContent)).toEqual([
      'trial 1: lightgbm ok (0.9123)',
      'trial 0: knn failed (-)',
    ]);
  });

  it('says candidates will appear while none has finished', () => {
    renderWithProviders(<JobProgressPanel job={runningJob({ fraction: 0, step: 'defaults' })} />);
    expect(screen.queryByRole('table', { name: 'Leaderboard' })).not.toBeInTheDocument();
    expect(
      screen.getByText('Candidates appear here as their cross-validation finishes.'),
    ).toBeInTheDocument();
  });
});
