import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';

import { errorMessage } from '@/lib/error-message';
import { formatNumber } from '@/lib/formatters';

import { useBatchJob, useDownloadBatch } from '../api/use-batch';
import { batchRowsText, isPartial, problemLines } from '../lib/batch-summary';

/** A batch job's progress and, when it succeeded, the scored CSV to download. */
export function BatchJobStatus({ modelId, jobId }: { modelId: string; jobId: string }) {
  const { data: job, error } = useBatchJob(modelId, jobId);
  const download = useDownloadBatch(modelId);
  if (error) return <Alert color="red">{errorMessage(error)}</Alert>;
  if (!job) return null;

  const fraction = job.progress.fraction;
  const percent = job.status === 'succeeded' ? 100 : Math.round(fraction * 100);
  const problems = problemLines(job);

  return (
    <Stack gap="xs" aria-label="Batch job">
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          Scoring with v{job.model_version}: {job.status}
        </Text>
        <Text size="sm" c="dimmed" aria-label="Rows scored">
          {batchRowsText(job)}
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
          <Stack gap={4}>
            <Text size="sm">{job.error}</Text>
            {problems.length > 1 && (
              <Text size="sm" component="ul" m={0} pl="md">
                {problems.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </Text>
            )}
          </Stack>
        </Alert>
      )}
      {job.status === 'succeeded' && (
        <>
          {isPartial(job) && (
            <Alert color="yellow" title={batchRowsText(job)}>
              <Stack gap={4}>
                <Text size="sm">
                  {formatNumber(job.rows_failed ?? 0)} rows could not be scored; the downloaded file
                  says why in its _prediction_error column.
                </Text>
                <Text size="sm" component="ul" m={0} pl="md">
                  {problems.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </Text>
              </Stack>
            </Alert>
          )}
          {job.warnings.length > 0 && (
            <Text size="sm" c="dimmed">
              Warnings:{' '}
              {job.warnings
                .map((w) => `${w.column} ${w.code.replace(/_/g, ' ')} (${w.count})`)
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
