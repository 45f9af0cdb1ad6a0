import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';

import { predictionsListBatchPredictionsOptions } from '@/api/@tanstack/react-query.gen';
import { formatDateTime } from '@/lib/formatters';

import { batchRowsText } from '../lib/batch-summary';

const STATUS_COLORS: Record<string, string> = {
  succeeded: 'teal',
  failed: 'red',
  cancelled: 'gray',
  running: 'blue',
  queued: 'blue',
};

type BatchJobListProps = { modelId: string; onOpen: (jobId: string) => void };

/** The model's recent batch jobs with "N of M rows scored"; a row opens the job's status. */
export function BatchJobList({ modelId, onOpen }: BatchJobListProps) {
  const { data } = useQuery({
    ...predictionsListBatchPredictionsOptions({
      path: { model_id: modelId },
      query: { limit: 10 },
    }),
    staleTime: 0,
    refetchInterval: (q) =>
      (q.state.data?.items ?? []).some((j) => j.status === 'queued' || j.status === 'running')
        ? 2000
        : false,
  });
  const items = data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        Recent batch jobs
      </Text>
      <Table.ScrollContainer minWidth={480} scrollAreaProps={{ type: 'auto' }}>
        <Table aria-label="Recent batch jobs" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Started</Table.Th>
              <Table.Th>Model</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Rows</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((job) => (
              <Table.Tr key={job.id}>
                <Table.Td>
                  <Anchor component="button" size="sm" onClick={() => onOpen(job.id)}>
                    {formatDateTime(job.created_at)}
                  </Anchor>
                </Table.Td>
                <Table.Td>v{job.model_version}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[job.status] ?? 'gray'} variant="light">
                    {job.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{batchRowsText(job)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
