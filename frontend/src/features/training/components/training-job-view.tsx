import { Alert, Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

import { QueryErrorAlert } from '@/components/errors/query-error-alert';
import { ModelReport } from '@/components/model-report/model-report';
import { PageLoader } from '@/components/ui/page-loader';
import { formatDateTime } from '@/lib/formatters';

import { useTrainingJob } from '../api/use-training-job';
import { isTerminal, STATUS_COLORS } from '../lib/job-status';

import { CancelJobButton } from './cancel-job-button';
import { JobProgressPanel } from './job-progress-panel';
import { TrainingResultSummary } from './training-result-summary';

/** A training job from queue to result: live progress, then the evaluation. */
export function TrainingJobView({ jobId }: { jobId: string }) {
  const { data: job, error, refetch, isLoading } = useTrainingJob(jobId);
  if (isLoading) return <PageLoader />;
  if (!job)
    return (
      <QueryErrorAlert
        error={error}
        title="Could not load the job"
        onRetry={() => void refetch()}
      />
    );

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={1} size="h2">
              Training {job.model_name}
            </Title>
            <Badge size="lg" color={STATUS_COLORS[job.status]} aria-label={`Status: ${job.status}`}>
              {job.status}
            </Badge>
          </Group>
          <Text c="dimmed" size="sm">
            Target <b>{job.target}</b> ·{' '}
            {job.dataset_id ? (
              <Anchor component={Link} to={`/datasets/${job.dataset_id}`} size="sm">
                dataset v{job.dataset_version}
              </Anchor>
            ) : (
              `dataset v${job.dataset_version} (deleted)`
            )}{' '}
            · started {formatDateTime(job.created_at)}
          </Text>
        </Stack>
        {!isTerminal(job.status) && (
          <CancelJobButton jobId={job.id} disabled={job.cancel_requested} />
        )}
      </Group>

      {!isTerminal(job.status) && <JobProgressPanel job={job} />}
      {job.status === 'failed' && (
        <Alert color="red" title="Training failed" role="alert">
          {job.error ?? 'The job stopped without saying why.'}
        </Alert>
      )}
      {job.status === 'cancelled' && (
        <Alert color="orange" title="Training cancelled">
          The job was cancelled{job.finished_at ? ` at ${formatDateTime(job.finished_at)}` : ''}; no
          model version was registered.{' '}
          <Anchor
            component={Link}
            to={job.dataset_id ? `/datasets/${job.dataset_id}/train` : '/training/new'}
          >
            Start a new training
          </Anchor>
        </Alert>
      )}
      {job.status === 'succeeded' && job.result && (
        <>
          <TrainingResultSummary job={job} result={job.result} />
          <ModelReport
            report={job.result}
            leaderboard={job.result.leaderboard}
            bestTrialId={job.result.best_trial.trial_id}
          />
        </>
      )}
    </Stack>
  );
}
