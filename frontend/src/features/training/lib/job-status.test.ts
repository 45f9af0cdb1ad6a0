import { describe, expect, it } from 'vitest';

import { appendTrialMessage, historyPoints, progressPercent, stepLabel } from './job-status';

describe('job progress', () => {
  it('turns the fraction into a percentage, 100 once succeeded', () => {
    expect(progressPercent('running', { fraction: 0.4739 })).toBe(47);
    expect(progressPercent('succeeded', { fraction: 0.99 })).toBe(100);
    expect(progressPercent('running', { fraction: 3 })).toBe(100);
  });

  it('names the step', () => {
    expect(stepLabel('queued', null)).toBe('Waiting for a worker');
    expect(stepLabel('running', 'search')).toBe('Searching hyperparameters');
    expect(stepLabel('running', 'mystery')).toBe('mystery');
  });

  it('plots the best score over time, skipping points without one', () => {
    const history = [
      { elapsed_s: 0.5, trials_done: 1, best_score: null },
      { elapsed_s: 1.2, trials_done: 2, best_score: 0.8 },
    ];
    expect(historyPoints({ history })).toEqual([{ x: 1.2, y: 0.8 }]);
  });

  it('keeps distinct trial messages, newest first', () => {
    let feed: string[] = [];
    for (const m of ['trial 0: a ok', 'trial 0: a ok', 'Registering the model', 'trial 1: b ok']) {
      feed = appendTrialMessage(feed, m, 2);
    }
    expect(feed).toEqual(['trial 1: b ok', 'trial 0: a ok']);
  });
});
