import { Badge, Table, Text } from '@mantine/core';

import type { LeaderboardEntry } from '@/api';
import { useMetricCatalog } from '@/lib/metric-catalog';
import { formatMetric, rankTrials } from '@/lib/model-report';

type LeaderboardTableProps = {
  entries: LeaderboardEntry[];
  metric: string;
  greaterIsBetter: boolean;
  bestTrialId?: number;
  /** Show at most this many rows (best first). */
  limit?: number;
};

const STATUS_COLORS: Record<string, string> = {
  ok: 'teal',
  pruned: 'gray',
  failed: 'red',
  timeout: 'orange',
};

function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? formatMetric(v) : String(v)}`)
    .join(', ');
}

/** Every evaluated candidate with its cross-validated score. */
export function LeaderboardTable({
  entries,
  metric,
  greaterIsBetter,
  bestTrialId,
  limit = 50,
}: LeaderboardTableProps) {
  const catalog = useMetricCatalog();
  const ranked = rankTrials(entries, greaterIsBetter).slice(0, limit);
  return (
    <Table.ScrollContainer minWidth={640} scrollAreaProps={{ type: 'auto' }}>
      <Table striped highlightOnHover aria-label="Leaderboard" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Algorithm</Table.Th>
            <Table.Th title={catalog.explanation(metric) ?? undefined}>
              CV {catalog.label(metric)}
            </Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Fit time</Table.Th>
            <Table.Th>Parameters</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ranked.map((row, i) => (
            <Table.Tr
              key={row.trial_id}
              fw={row.trial_id === bestTrialId ? 600 : undefined}
              aria-current={row.trial_id === bestTrialId ? 'true' : undefined}
            >
              <Table.Td>{i + 1}</Table.Td>
              <Table.Td>
                {row.algorithm.replace(/_/g, ' ')}
                {row.trial_id === bestTrialId && (
                  <Badge ml="xs" size="xs" color="teal" variant="light">
                    best
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ff="monospace">
                {formatMetric(row.cv_mean)}
                {row.cv_std !== null && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ± {formatMetric(row.cv_std)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={STATUS_COLORS[row.status] ?? 'gray'}>
                  {row.status}
                </Badge>
              </Table.Td>
              <Table.Td>{row.fit_time_s.toFixed(2)} s</Table.Td>
              <Table.Td maw={360}>
                <Text size="xs" c="dimmed" truncate="end" title={paramsText(row.params)}>
                  {row.error ?? (paramsText(row.params) || 'defaults')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
