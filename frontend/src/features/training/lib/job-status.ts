import type { LeaderboardEntry, TrainingJobSummary, TrainingProgress } from '@/api';
import type { Point } from '@/lib/model-report';

export type JobStatus = TrainingJobSummary['status'];

export const POLL_INTERVAL_MS = 1500;

export function isTerminal(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

export const STATUS_COLORS: Record<JobStatus, string> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'teal',
  failed: 'red',
  cancelled: 'orange',
};

const STEP_LABELS: Record<string, string> = {
  loading: 'Reading the dataset',
  defaults: 'Trying default models',
  search: 'Searching hyperparameters',
  ensemble: 'Building an ensemble',
  refit: 'Refitting the best model',
  evaluation: 'Evaluating on the holdout rows',
  done: 'Finishing',
  registering: 'Registering the model',
  succeeded: 'Done',
};

/** A human label for the engine's current phase. */
export function stepLabel(status: JobStatus, step: string | null | undefined): string {
  if (status === 'queued') return 'Waiting for a worker';
  if (status === 'running' && !step) return 'Starting';
  if (status === 'failed') return 'Failed';
  if (status === 'cancelled') return 'Cancelled';
  if (status === 'succeeded') return 'Done';
  return (step && STEP_LABELS[step]) ?? step ?? '';
}

/** Percent of the time budget used, 0..100; 100 once the job succeeded. */
export function progressPercent(
  status: JobStatus,
  progress: Pick<TrainingProgress, 'fraction'>,
): number {
  if (status === 'succeeded') return 100;
  return Math.round(Math.min(1, Math.max(0, progress.fraction ?? 0)) * 100);
}

/** Best score over elapsed seconds, for the live chart (points without a score skipped). */
export function historyPoints(progress: Pick<TrainingProgress, 'history'>): Point[] {
  return (progress.history ?? []).flatMap((p) =>
    p.best_score === null ? [] : [{ x: p.elapsed_s, y: p.best_score }],
  );
}

/**
 * Keeps the newest distinct trial messages ("trial 3: lightgbm ok (0.86)") seen while polling,
 * newest first, because the running job exposes only its latest message.
 */
export function appendTrialMessage(feed: string[], message: string | null | undefined, max = 8) {
  if (!message || !message.startsWith('trial ') || feed[0] === message) return feed;
  if (feed.includes(message)) return feed;
  return [message, ...feed].slice(0, max);
}

type TrialRow = Pick<LeaderboardEntry, 'trial_id' | 'algorithm' | 'status' | 'cv_mean'>;

/** The same line the job reports for a finished trial ("trial 3: lightgbm ok (0.86)"). */
export function trialLine(row: TrialRow): string {
  const score = row.cv_mean === null ? '-' : String(Number(row.cv_mean.toPrecision(4)));
  return `trial ${row.trial_id}: ${row.algorithm} ${row.status} (${score})`;
}

/**
 * The newest finished trials, newest first: the messages seen while polling plus every trial on
 * the leaderboard, so a page opened after trials finished never says "none yet" beside them.
 */
export function latestTrials(feed: string[], leaderboard: TrialRow[], max = 8): string[] {
  const byTrial = new Map<number, string>();
  for (const row of leaderboard) byTrial.set(row.trial_id, trialLine(row));
  for (const line of feed) {
    const id = /^trial (\d+):/.exec(line)?.[1];
    if (id !== undefined) byTrial.set(Number(id), line);
  }
  return [...byTrial.entries()]
    .sort(([a], [b]) => b - a)
    .slice(0, max)
    .map(([, line]) => line);
}
