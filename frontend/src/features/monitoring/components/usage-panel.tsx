import { Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';

import { ChartCard } from '@/components/charts/chart-card';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { QueryErrorAlert } from '@/components/errors/query-error-alert';
import { formatNumber } from '@/lib/formatters';

import { useUsage } from '../api/use-monitoring';
import { usageChartData } from '../lib/monitoring';

const ms = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${v.toFixed(1)} ms`;

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} size="lg">
        {value}
      </Text>
    </Card>
  );
}

/** Request volume and latency over time, from the prediction log. */
export function UsagePanel({ modelId, hours }: { modelId: string; hours: number }) {
  const { data, error, refetch } = useUsage(modelId, hours);
  if (error) return <QueryErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!data) return null;
  const rows = usageChartData(data);
  const withTime = hours <= 48;
  const sources = Object.entries(data.by_source)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Stat label="Requests" value={formatNumber(data.requests)} />
        <Stat label="Rows scored" value={formatNumber(data.rows)} />
        <Stat label="Latency p50" value={ms(data.latency_ms_p50)} />
        <Stat label="Latency p95" value={ms(data.latency_ms_p95)} />
      </SimpleGrid>
      {sources && (
        <Group>
          <Text size="sm" c="dimmed">
            By source: {sources}
          </Text>
        </Group>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <ChartCard title="Request volume" description="Prediction requests per time bucket.">
          <TimeSeriesChart
            data={rows}
            lines={[{ key: 'requests', label: 'Requests' }]}
            formatValue={(v) => formatNumber(v)}
            withTime={withTime}
          />
        </ChartCard>
        <ChartCard title="Latency" description="Median and 95th percentile per bucket.">
          <TimeSeriesChart
            data={rows}
            lines={[
              { key: 'p50', label: 'p50' },
              { key: 'p95', label: 'p95' },
            ]}
            formatValue={(v) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`)}
            withTime={withTime}
          />
        </ChartCard>
      </SimpleGrid>
    </Stack>
  );
}
