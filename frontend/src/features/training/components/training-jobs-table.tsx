import { Anchor, Badge, Progress, Table, Text } from '@mantine/core';
import { IconSchool } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { QueryErrorAlert } from '@/components/errors/query-error-alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageLoader } from '@/components/ui/page-loader';
import { formatDateTime, formatDuration } from '@/lib/formatters';
import { formatMetric } from '@/lib/model-report';

import { useTrainingJobs } from '../api/use-training-jobs';
import { isTerminal, progressPercent, STATUS_COLORS } from '../lib/job-status';

/** Every training job, newest first, linking to its live page. */
export function TrainingJobsTable({ emptyAction }: { emptyAction?: ReactNode }) {
  const { data, error, isLoading, refetch } = useTrainingJobs();
  if (isLoading) return <PageLoader />;
  if (error || !data) return <QueryErrorAlert error={error} onRetry={() => void refetch()} />;
  if (data.items.length === 0) {
    return (
      <EmptyState
        icon={<IconSchool size={32} />}
        title="No training yet"
        description="Train a model on one of your datasets: pick a target column and AutoML does the rest."
        action={emptyAction}
      />
    );
  }
  return (
    <Table.ScrollContainer minWidth={720} scrollAreaProps={{ type: 'auto' }}>
      <Table highlightOnHover verticalSpacing="sm" aria-label="Training jobs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Model</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Best CV score</Table.Th>
            <Table.Th>Duration</Table.Th>
            <Table.Th>Started</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.items.map((job) => (
            <Table.Tr key={job.id}>
              <Table.Td>
                <Anchor component={Link} to={`/training/${job.id}`} fw={500}>
                  {job.model_name}
                </Anchor>
                {job.model_version !== null && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    v{job.model_version}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{job.target}</Table.Td>
              <Table.Td miw={140}>
                <Badge color={STATUS_COLORS[job.status]} variant="light">
                  {job.status}
                </Badge>
                {!isTerminal(job.status) && (
                  <Progress mt={4} size="sm" value={progressPercent(job.status, job.progress)} />
                )}
              </Table.Td>
              <Table.Td ff="monospace">{formatMetric(job.progress.best_score)}</Table.Td>
              <Table.Td>{job.duration_s === null ? '—' : formatDuration(job.duration_s)}</Table.Td>
              <Table.Td>{formatDateTime(job.created_at)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
