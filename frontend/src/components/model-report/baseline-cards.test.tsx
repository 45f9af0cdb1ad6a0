import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders } from '@test/render';
import { holdoutMetrics } from '@test/report-fixtures';

import { BaselineCards } from './baseline-cards';

describe('BaselineCards', () => {
  it('says by how much the model beats the baseline', () => {
    renderWithProviders(
      <BaselineCards
        task="classification"
        metric="roc_auc"
        greaterIsBetter
        holdout={holdoutMetrics({ roc_auc: 0.85, accuracy: 0.8 })}
        baseline={holdoutMetrics({ roc_auc: 0.5, accuracy: 0.55 })}
      />,
    );
    expect(screen.getByText('Better than guessing')).toBeInTheDocument();
    expect(screen.getByText(/Beats the baseline by 0.35 ROC AUC \(70%\)/)).toBeInTheDocument();
    expect(screen.getByLabelText('Accuracy')).toHaveTextContent(/^Accuracy0\.8baseline 0\.55/);
    expect(screen.getByLabelText('ROC AUC')).toHaveTextContent(
      'How well the model ranks positives above negatives: 0.5 is a coin toss, 1 is perfect.',
    );
  });

  it('warns when the model is no better than the baseline', () => {
    renderWithProviders(
      <BaselineCards
        task="regression"
        metric="rmse"
        greaterIsBetter={false}
        holdout={holdoutMetrics({ rmse: 12, r2: -0.1 })}
        baseline={holdoutMetrics({ rmse: 10, r2: 0 })}
      />,
    );
    expect(screen.getByText('No better than the naive baseline')).toBeInTheDocument();
    expect(
      screen.getByText(/Does not beat the naive baseline on RMSE \(12 vs 10\)/),
    ).toBeInTheDocument();
  });
});
