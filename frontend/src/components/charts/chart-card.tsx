import { Card, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

type ChartCardProps = {
  title: string;
  description?: ReactNode;
  /** Right side of the title row, e.g. a legend or a control. */
  aside?: ReactNode;
  children: ReactNode;
};

/** A titled card around one chart; the title doubles as the chart's accessible name. */
export function ChartCard({ title, description, aside, children }: ChartCardProps) {
  return (
    <Card withBorder padding="md" radius="md" component="figure" m={0} aria-label={title}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Text fw={600} component="figcaption">
              {title}
            </Text>
            {description && (
              <Text size="sm" c="dimmed">
                {description}
              </Text>
            )}
          </div>
          {aside}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}
