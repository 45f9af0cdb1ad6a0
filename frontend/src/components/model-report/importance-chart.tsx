import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';

import type { FeatureImportance, ImportanceCoverage as ImportanceCoverageData } from '@/api';
import { ChartCard } from '@/components/charts/chart-card';
import { HorizontalBars } from '@/components/charts/horizontal-bars';
import { formatNumber } from '@/lib/formatters';
import { useMetricCatalog } from '@/lib/metric-catalog';
import { formatMetric, importanceCoverage } from '@/lib/model-report';

const SHOWN = 20;

type ImportanceChartProps = {
  importances: FeatureImportance[];
  coverage?: ImportanceCoverageData | null;
  metric: string;
};

/** Every feature's permutation importance: the top ones drawn, the rest one click away, never dropped. */
export function ImportanceChart({ importances, coverage, metric }: ImportanceChartProps) {
  const [showAll, setShowAll] = useState(false);
  const catalog = useMetricCatalog();
  const cov = importanceCoverage(importances, coverage);
  if (cov.total === 0) {
    return <Alert color="gray">Feature importances were not computed for this model.</Alert>;
  }
  const drawn = showAll ? cov.measured : cov.measured.slice(0, SHOWN);
  const rows = cov.rows === null ? '' : ` on ${formatNumber(cov.rows)} holdout rows`;
  return (
    <ChartCard
      title="Feature importance"
      description={`How much ${catalog.label(metric)} drops when a column is shuffled${rows}.`}
    >
      <Stack gap="xs">
        <Text size="sm" aria-label="Importance coverage">
          {cov.summary}
          {cov.measured.length > SHOWN && !showAll ? `; the top ${SHOWN} are drawn.` : '.'}
        </Text>
        {cov.measured.length > 0 && (
          <HorizontalBars
            data={drawn.map((i) => ({ label: i.feature, value: i.importance }))}
            formatValue={(v) => formatMetric(v)}
            valueLabel="Importance"
          />
        )}
        {cov.measured.length > SHOWN && (
          <Group>
            <Button variant="subtle" size="xs" onClick={() => setShowAll((v) => !v)}>
              {showAll ? `Show the top ${SHOWN}` : `Show all ${formatNumber(cov.measured.length)}`}
            </Button>
          </Group>
        )}
        {!cov.complete && (
          <Alert color="yellow" title="Not every feature was measured">
            Not measured: {cov.unmeasured.join(', ')}. Their importance is unknown, not zero; train
            with a larger time budget to measure them.
          </Alert>
        )}
      </Stack>
    </ChartCard>
  );
}
