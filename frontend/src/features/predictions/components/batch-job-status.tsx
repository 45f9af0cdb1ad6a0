import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';

import { errorMessage } from '@/lib/error-message';
import { formatNumber } from '@/lib/formatters';

import { useBatchJob, useDownloadBatch } from '../api/use-batch';

/** A batch job's progress and, when it succeeded, the scored CSV to download. */
export function BatchJobStatus({ modelId, jobId }: { modelId: string; jobId: string }) {
  const { data: job, error } = useBatchJob(modelId, jobId);
  const download = useDownloadBatch(modelId);
  if (error) return <Alert color="red">{errorMessage(error)}</Alert>;
  if (!job) return null;

  const fraction = typeof job.progress.fraction === 'number' ? job.progress.fraction : 0;
  const percent = job.status === 'succeeded' ? 100 : Math.round(fraction * 100);
  const rowsDone = typeof job.progress.rows === 'number' ? job.progress.rows : null;

  return (
    <Stack gap="xs" aria-label="Batch job">
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          Scoring with v{job.model_version}: {job.status}
        </Text>
        <Text size="sm" c="dimmed">
          {job.rows !== null && job.rows !== undefined
            ? `${formatNumber(job.rows)} rows`
            : rowsDone !== null
              ? `${formatNumber(rowsDone)} rows so far`
              : ''}
        </Text>
      </Group>
      <Progress
        value={percent}
        color={job.status === 'failed' ? 'red' : job.status === 'succeeded' ? 'teal' : 'blue'}
        animated={job.status === 'running' || job.status === 'queued'}
        aria-label="Batch scoring progress"
      />
      {job.status === 'failed' && (
        <Alert color="red" title="Batch scoring failed">
          {job.error}
        </Alert>
      )}
      {job.status === 'succeeded' && (
        <>
          {(job.rows_failed ?? 0) > 0 && (
            <Alert color="yellow">
              {formatNumber(job.rows_failed ?? 0)} rows could not be scored; see the
              _prediction_error column.
            </Alert>
          )}
          {(job.warnings ?? []).length > 0 && (
            <Text size="sm" c="dimmed">
              Warnings:{' '}
              {(job.warnings ?? [])
                .map(
                  (w) =>
                    `${String(w.column)} ${String(w.code).replace(/_/g, ' ')} (${String(w.count)})`,
                )
                .join('; ')}
            </Text>
          )}
          <Group>
            <Button
              leftSection={<IconDownload size={16} aria-hidden />}
              loading={download.isPending}
              onClick={() =>
                download.mutate(job.id, {
                  onError: (e) =>
                    notifications.show({
                      color: 'red',
                      title: 'Download failed',
                      message: errorMessage(e),
                    }),
                })
              }
            >
              Download scored CSV
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
