import { Card, Group, List, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';

import type { TrainingJobRead } from '@/api';
import { ChartCard } from '@/components/charts/chart-card';
import { ScoreHistoryChart } from '@/components/charts/score-history-chart';
import { LeaderboardTable } from '@/components/model-report/leaderboard-table';
import { formatDuration } from '@/lib/formatters';
import { useMetricCatalog } from '@/lib/metric-catalog';
import { formatMetric } from '@/lib/model-report';

import {
  appendTrialMessage,
  historyPoints,
  latestTrials,
  progressPercent,
  stepLabel,
} from '../lib/job-status';

const LIVE_ROWS = 50;

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={600} size="lg" ff="monospace">
        {value}
      </Text>
    </div>
  );
}

/** Live view of a queued or running job: share of the budget used, step, trials, best score. */
export function JobProgressPanel({ job }: { job: TrainingJobRead }) {
  const { progress } = job;
  const catalog = useMetricCatalog();
  const budget = job.config.time_budget_s;
  // The job names its metric (the user's or the task default) as soon as it starts.
  const metric = progress.metric ?? job.config.metric ?? null;
  const higherIsBetter =
    progress.greater_is_better ?? (metric ? catalog.greaterIsBetter(metric) : true);
  const leaderboard = progress.leaderboard ?? [];
  const shown = Math.min(leaderboard.length, LIVE_ROWS);
  const finished = Math.max(progress.leaderboard_total ?? 0, leaderboard.length);
  const bestTrialId = leaderboard.find((row) => row.cv_mean !== null)?.trial_id;
  const points = historyPoints(progress);
  const elapsed = points.at(-1)?.x ?? 0;
  const percent = progressPercent(job.status, progress);

  // The API exposes the latest trial only: keep the ones seen while polling.
  const [feed, setFeed] = useState<string[]>([]);
  const [lastMessage, setLastMessage] = useState<string | null>(null);
  if ((progress.message ?? null) !== lastMessage) {
    setLastMessage(progress.message ?? null);
    setFeed((f) => appendTrialMessage(f, progress.message));
  }
  const trials = latestTrials(feed, leaderboard);

  return (
    <Stack gap="md">
      <Card withBorder padding="lg">
        <Stack gap="sm">
          <Group justify="space-between">
            <Text fw={600} aria-live="polite">
              {stepLabel(job.status, progress.step)}
            </Text>
            <Text size="sm" c="dimmed">
              {percent}% of the {formatDuration(budget)} budget
            </Text>
          </Group>
          <Progress
            value={percent}
            size="lg"
            striped
            animated={job.status === 'running'}
            aria-label="Training progress"
          />
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Stat label="Trials done" value={String(progress.trials_done ?? 0)} />
            <Stat
              label={`Best ${metric ? catalog.label(metric) : 'score'}`}
              value={formatMetric(progress.best_score, metric ?? '')}
            />
            <Stat label="Elapsed" value={formatDuration(elapsed)} />
            <Stat label="Budget" value={formatDuration(budget)} />
          </SimpleGrid>
        </Stack>
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ChartCard
          title="Best score over time"
          description="Best cross-validated score found so far."
        >
          {points.length > 0 ? (
            <ScoreHistoryChart
              points={points}
              metricName={metric ? catalog.label(metric) : 'score'}
              budgetSeconds={budget}
            />
          ) : (
            <Text size="sm" c="dimmed" py="xl" ta="center">
              The first trial is running…
            </Text>
          )}
        </ChartCard>
        <ChartCard title="Latest trials" description="Candidates as they finish (newest first).">
          {trials.length > 0 ? (
            <List size="sm" spacing={4} aria-label="Latest trials">
              {trials.map((line) => (
                <List.Item key={line}>
                  <Text size="sm" ff="monospace">
                    {line}
                  </Text>
                </List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm" c="dimmed" py="xl" ta="center">
              No trial has finished yet.
            </Text>
          )}
        </ChartCard>
      </SimpleGrid>
      <ChartCard
        title="Leaderboard so far"
        description={
          shown < finished
            ? `The best ${shown} of ${finished} finished candidates.`
            : `${finished} finished ${finished === 1 ? 'candidate' : 'candidates'}, best first.`
        }
      >
        {shown > 0 ? (
          <LeaderboardTable
            entries={leaderboard}
            metric={metric ?? 'score'}
            greaterIsBetter={higherIsBetter}
            bestTrialId={bestTrialId}
            limit={LIVE_ROWS}
          />
        ) : (
          <Text size="sm" c="dimmed" py="xl" ta="center">
            Candidates appear here as their cross-validation finishes.
          </Text>
        )}
      </ChartCard>
    </Stack>
  );
}
