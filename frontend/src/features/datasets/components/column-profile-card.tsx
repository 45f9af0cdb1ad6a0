import { Badge, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';

import type { ColumnProfile } from '@/api';
import { BarList } from '@/components/charts/bar-list';
import { ColumnChart } from '@/components/charts/column-chart';

import {
  barsData,
  columnStats,
  histogramData,
  histogramRange,
  topValuesData,
  worthCharting,
} from '../lib/profile-chart-data';

const TYPE_COLORS: Record<string, string> = {
  numeric: 'blue',
  integer: 'indigo',
  boolean: 'teal',
  categorical: 'grape',
  datetime: 'orange',
  text: 'gray',
  identifier: 'dark',
};

export function TypeBadge({ type }: { type: string }) {
  return (
    <Badge size="xs" variant="light" color={TYPE_COLORS[type] ?? 'gray'} radius="sm">
      {type}
    </Badge>
  );
}

function ColumnChartFor({ profile }: { profile: ColumnProfile }) {
  if (profile.histogram && profile.histogram.counts.length > 0) {
    return (
      <ColumnChart
        title={`Distribution of ${profile.name}`}
        data={histogramData(profile.histogram)}
        range={histogramRange(profile.histogram)}
        height={140}
      />
    );
  }
  if (
    profile.bars &&
    profile.bars.labels.length > 0 &&
    worthCharting(profile.bars.counts, profile.semantic_type)
  ) {
    return (
      <BarList
        title={`Most frequent values of ${profile.name}`}
        items={barsData(profile.bars).slice(0, 8)}
        color="var(--mantine-color-grape-5)"
      />
    );
  }
  const top = profile.top_values ?? [];
  if (
    top.length > 0 &&
    worthCharting(
      top.map((t) => t.count),
      profile.semantic_type,
    )
  ) {
    return (
      <BarList
        title={`Most frequent values of ${profile.name}`}
        items={topValuesData(top).slice(0, 8)}
        color="var(--mantine-color-grape-5)"
      />
    );
  }
  return (
    <Text size="sm" c="dimmed">
      Every value is different (an identifier): nothing to chart.
    </Text>
  );
}

/** One column at a glance: type, the key statistics and its distribution. */
export function ColumnProfileCard({ profile }: { profile: ColumnProfile }) {
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="article"
      aria-label={`Column ${profile.name}`}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} truncate="end" title={profile.name}>
            {profile.name}
          </Text>
          <TypeBadge type={profile.semantic_type} />
        </Group>
        <SimpleGrid cols={3} spacing={6} verticalSpacing={4}>
          {columnStats(profile).map((stat) => (
            <Stack gap={0} key={stat.label}>
              <Text size="xs" c="dimmed">
                {stat.label}
              </Text>
              <Text size="sm" ff="monospace" truncate="end" title={stat.value}>
                {stat.value}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
        <ColumnChartFor profile={profile} />
      </Stack>
    </Card>
  );
}
