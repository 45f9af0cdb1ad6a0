import { Badge, Button, Card, Group, Pagination, Select, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';

import type { ModelVersionSummary } from '@/api';
import { QueryErrorAlert } from '@/components/errors/query-error-alert';
import { errorMessage } from '@/lib/error-message';
import { formatDateTime, formatNumber } from '@/lib/formatters';

import {
  LOG_PAGE_SIZE,
  useExportLog,
  usePredictionLog,
  type LogFilters,
} from '../api/use-prediction-log';
import { outputSummary } from '../lib/log-summary';

const SOURCES = ['api', 'form', 'batch'] as const;
const SOURCE_COLORS = { api: 'blue', form: 'grape', batch: 'orange' } as const;

type PredictionLogProps = { modelId: string; versions: ModelVersionSummary[] };

/** Every prediction served by the model, filterable by version and source, exportable as CSV. */
export function PredictionLog({ modelId, versions }: PredictionLogProps) {
  const [filters, setFilters] = useState<LogFilters>({ version: null, source: null });
  const [page, setPage] = useState(0);
  const log = usePredictionLog(modelId, filters, page);
  const exportLog = useExportLog(modelId);
  const filter = (patch: Partial<LogFilters>) => (
    setFilters((f) => ({ ...f, ...patch })),
    setPage(0)
  );
  const pages = Math.max(1, Math.ceil((log.data?.total ?? 0) / LOG_PAGE_SIZE));

  return (
    <Card withBorder padding="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end">
          <Group>
            <Select
              label="Version"
              placeholder="All versions"
              w={160}
              clearable
              data={versions.map((v) => ({ value: String(v.version), label: `v${v.version}` }))}
              value={filters.version === null ? null : String(filters.version)}
              onChange={(v) => filter({ version: v === null ? null : Number(v) })}
            />
            <Select
              label="Source"
              placeholder="All sources"
              w={160}
              clearable
              data={[...SOURCES]}
              value={filters.source}
              onChange={(v) => filter({ source: (v as LogFilters['source']) ?? null })}
            />
          </Group>
          <Button
            variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}
            loading={exportLog.isPending}
            onClick={() =>
              exportLog.mutate(filters, {
                onError: (e) =>
                  notifications.show({
                    color: 'red',
                    title: 'Export failed',
                    message: errorMessage(e),
                  }),
              })
            }
          >
            Export CSV
          </Button>
        </Group>
        {log.error ? (
          <QueryErrorAlert error={log.error} onRetry={() => void log.refetch()} />
        ) : (
          <Table.ScrollContainer minWidth={720} scrollAreaProps={{ type: 'auto' }}>
            <Table striped verticalSpacing={6} aria-label="Prediction log">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Source</Table.Th>
                  <Table.Th>Rows</Table.Th>
                  <Table.Th>Predictions</Table.Th>
                  <Table.Th>Latency</Table.Th>
                  <Table.Th>Warnings</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(log.data?.items ?? []).map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Td>{formatDateTime(entry.created_at)}</Table.Td>
                    <Table.Td>v{entry.model_version}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={SOURCE_COLORS[entry.source]}>
                        {entry.source}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatNumber(entry.n_rows)}</Table.Td>
                    <Table.Td ff="monospace">{outputSummary(entry)}</Table.Td>
                    <Table.Td>{entry.latency_ms.toFixed(1)} ms</Table.Td>
                    <Table.Td>{entry.warnings.length || ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {log.data && log.data.total === 0 && (
          <Text c="dimmed" ta="center" size="sm">
            No predictions logged{filters.version || filters.source ? ' for these filters' : ' yet'}
            .
          </Text>
        )}
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {formatNumber(log.data?.total ?? 0)} entries
          </Text>
          {pages > 1 && (
            <Pagination total={pages} value={page + 1} onChange={(p) => setPage(p - 1)} />
          )}
        </Group>
      </Stack>
    </Card>
  );
}
