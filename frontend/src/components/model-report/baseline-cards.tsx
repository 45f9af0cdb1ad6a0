import { Alert, Card, SimpleGrid, Text } from '@mantine/core';
import { IconAlertTriangle, IconTrophy } from '@tabler/icons-react';

import type { HoldoutMetrics } from '@/api';
import { useMetricCatalog } from '@/lib/metric-catalog';
import {
  CARD_METRICS,
  compareToBaseline,
  describeComparison,
  formatMetric,
  metricValue,
} from '@/lib/model-report';

type BaselineCardsProps = {
  task: 'classification' | 'regression';
  /** The metric the search optimised: the verdict is about this one. */
  metric: string;
  greaterIsBetter: boolean;
  holdout: HoldoutMetrics;
  baseline: HoldoutMetrics;
};

/** Holdout metrics next to the naive baseline, with a clear verdict on the optimised metric. */
export function BaselineCards({
  task,
  metric,
  greaterIsBetter,
  holdout,
  baseline,
}: BaselineCardsProps) {
  const catalog = useMetricCatalog();
  const verdict = compareToBaseline(metric, holdout, baseline, greaterIsBetter);
  const names = [metric, ...CARD_METRICS[task].filter((m) => m !== metric)];
  const baselineKind =
    task === 'classification' ? 'always predicts the class shares' : 'always predicts the mean';

  return (
    <>
      {verdict &&
        (verdict.beats ? (
          <Alert color="teal" icon={<IconTrophy aria-hidden />} title="Better than guessing">
            {describeComparison(metric, verdict, catalog)} The naive baseline {baselineKind} of the
            training rows.
          </Alert>
        ) : (
          <Alert
            color="yellow"
            icon={<IconAlertTriangle aria-hidden />}
            title="No better than the naive baseline"
          >
            {describeComparison(metric, verdict, catalog)} The features may not carry signal for
            this target; check the target, add data or features, or give training more time.
          </Alert>
        ))}
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
        {names.map((name) => {
          const cmp = compareToBaseline(
            name,
            holdout,
            baseline,
            name === metric ? greaterIsBetter : catalog.greaterIsBetter(name),
          );
          const value = metricValue(holdout, name);
          if (value === null) return null;
          const explanation = catalog.explanation(name);
          return (
            <Card key={name} withBorder padding="sm" radius="md" aria-label={catalog.label(name)}>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {catalog.label(name)}
                {name === metric && ' · optimised'}
              </Text>
              <Text size="xl" fw={700} ff="monospace">
                {formatMetric(value, name)}
              </Text>
              {cmp && (
                <Text size="xs" c={cmp.beats ? 'teal.7' : 'red.7'}>
                  baseline {formatMetric(cmp.baseline, name)}
                </Text>
              )}
              {explanation && (
                <Text size="xs" c="dimmed" mt={4}>
                  {explanation}
                </Text>
              )}
            </Card>
          );
        })}
      </SimpleGrid>
    </>
  );
}
