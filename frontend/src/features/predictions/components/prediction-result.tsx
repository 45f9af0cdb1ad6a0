import { Alert, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

import type { ColumnUnit, PredictResponse } from '@/api';
import { ChartCard } from '@/components/charts/chart-card';
import { HorizontalBars } from '@/components/charts/horizontal-bars';
import { formatMetric } from '@/lib/model-report';
import { formatWithUnit } from '@/lib/units';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function display(value: unknown): string {
  if (typeof value === 'number') return formatMetric(value);
  if (value === null || value === undefined) return '—';
  return String(value);
}

/** The prediction for the form row: value, class probabilities and what drove it. */
export function PredictionResult({
  result,
  targetUnit,
}: {
  result: PredictResponse;
  /** The sign the training file wrote the target with: the prediction is written the same way. */
  targetUnit?: ColumnUnit;
}) {
  const prediction = result.predictions[0];
  const shown =
    typeof prediction === 'number' && targetUnit
      ? formatWithUnit(prediction, targetUnit)
      : display(prediction);
  const probabilities = Object.entries(result.probabilities?.[0] ?? {})
    .map(([label, value]) => ({ label, value }))
    .sort((a, b) => b.value - a.value);
  const contributions = (result.contributions ?? [])
    .slice(0, 10)
    .map((c) => ({ label: `${c.feature} = ${display(c.value)}`, value: c.contribution }));
  const top = probabilities[0];

  return (
    <Stack gap="md" aria-live="polite">
      <Card withBorder padding="lg" bg="var(--mantine-color-blue-0)">
        <Text size="sm" c="dimmed">
          Prediction (model v{result.model_version})
        </Text>
        <Group align="baseline" gap="sm">
          <Title order={2} size="h1" aria-label="Prediction">
            {shown}
          </Title>
          {top && String(top.label).toLowerCase() === String(prediction).toLowerCase() && (
            <Text c="dimmed">{pct(top.value)} probability</Text>
          )}
        </Group>
      </Card>
      {result.warnings.length > 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title="Check these inputs">
          {result.warnings.map((w) => (
            <Text key={`${w.code}-${w.column}`} size="sm">
              {w.column}: {w.code.replace(/_/g, ' ')}
              {w.values.length > 0 && ` (${w.values.map(display).join(', ')})`}
            </Text>
          ))}
        </Alert>
      )}
      <SimpleGrid
        cols={{
          base: 1,
          lg: probabilities.length > 0 && (result.contributions ?? []).length > 0 ? 2 : 1,
        }}
      >
        {probabilities.length > 0 && (
          <ChartCard title="Class probabilities">
            <HorizontalBars
              data={probabilities.slice(0, 12)}
              formatValue={pct}
              domain={[0, 1]}
              valueLabel="Probability"
            />
          </ChartCard>
        )}
        {result.contributions && result.contributions.length > 0 && (
          <ChartCard
            title="Top feature contributions"
            description="How much each input moved this prediction away from a typical row."
          >
            {contributions.every((c) => c.value === 0) ? (
              <Text size="sm" c="dimmed" py="md">
                No single input changes this prediction when set to its typical value.
              </Text>
            ) : (
              <HorizontalBars
                data={contributions}
                formatValue={(v) => formatMetric(v)}
                signed
                valueLabel="Contribution"
              />
            )}
          </ChartCard>
        )}
      </SimpleGrid>
    </Stack>
  );
}
