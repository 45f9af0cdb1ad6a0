import { Alert, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';

import type { FeatureDriftRead } from '@/api';
import { ChartCard } from '@/components/charts/chart-card';
import { DistributionBars } from '@/components/charts/distribution-bars';
import { QueryErrorAlert } from '@/components/errors/query-error-alert';
import { PageLoader } from '@/components/ui/page-loader';
import { formatDateTime, formatNumber } from '@/lib/formatters';

import { useDrift } from '../api/use-monitoring';
import { DRIFT_STATUS, driftChartData } from '../lib/monitoring';

function FeatureDriftCard({ feature, title }: { feature: FeatureDriftRead; title?: string }) {
  const status = DRIFT_STATUS[feature.status];
  return (
    <ChartCard
      title={title ?? feature.name}
      description={`PSI ${feature.psi === null ? '—' : feature.psi.toFixed(3)} · ${formatNumber(feature.n_current)} recent values`}
      aside={
        <Badge color={status.color} variant="light">
          {status.label}
        </Badge>
      }
    >
      <DistributionBars data={driftChartData(feature)} />
    </ChartCard>
  );
}

/** Overall drift of recent inputs vs training, then each feature's distributions side by side. */
export function DriftPanel({ modelId, windowHours }: { modelId: string; windowHours: number }) {
  const { data, error, isLoading, refetch } = useDrift(modelId, windowHours);
  if (isLoading) return <PageLoader />;
  if (!data)
    return <QueryErrorAlert error={error} title="No drift report" onRetry={() => void refetch()} />;
  const status = DRIFT_STATUS[data.status];

  return (
    <Stack gap="md">
      <Card withBorder padding="lg">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Group gap="sm">
              <Title order={3} size="h4">
                Input drift of v{data.model_version}
              </Title>
              <Badge size="lg" color={status.color} aria-label={`Drift status: ${status.label}`}>
                {status.label}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {data.n_scored > data.n_current
                ? `a uniform sample of ${formatNumber(data.n_current)} of the ${formatNumber(data.n_scored)} rows scored`
                : `${formatNumber(data.n_current)} recent rows`}{' '}
              vs {formatNumber(data.n_reference)} training rows ·{' '}
              {(data.drifted_share * 100).toFixed(0)}% of features drifted · computed{' '}
              {formatDateTime(data.computed_at)}
            </Text>
          </Stack>
          <Text size="xs" c="dimmed" maw={300}>
            PSI above {data.thresholds.warning_psi} is a warning, above {data.thresholds.alert_psi}{' '}
            drift; fewer than {data.thresholds.min_samples} recent rows is not enough to judge.
          </Text>
        </Group>
      </Card>
      {data.status === 'insufficient_data' && (
        <Alert color="gray">
          Not enough predictions in this window to judge drift. Widen the window or send more
          traffic.
        </Alert>
      )}
      {data.prediction && (
        <FeatureDriftCard feature={data.prediction} title="Prediction distribution shift" />
      )}
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
        {data.features.map((f) => (
          <FeatureDriftCard key={f.name} feature={f} />
        ))}
      </SimpleGrid>
      {data.skipped.length > 0 && (
        <Text size="sm" c="dimmed">
          Not profiled: {data.skipped.join(', ')}
        </Text>
      )}
    </Stack>
  );
}
