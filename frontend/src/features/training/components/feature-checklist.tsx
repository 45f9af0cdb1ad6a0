import { Badge, Button, Checkbox, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';

import type { ColumnNote, ColumnSummary } from '@/api';

type FeatureChecklistProps = {
  columns: ColumnSummary[];
  target: string;
  selected: string[];
  exclusions: ColumnNote[];
  onChange: (features: string[]) => void;
};

/** Columns to feed the model; suggested exclusions are unchecked and say why. */
export function FeatureChecklist({
  columns,
  target,
  selected,
  exclusions,
  onChange,
}: FeatureChecklistProps) {
  const candidates = columns.filter((c) => c.name !== target);
  const reasons = new Map(exclusions.map((e) => [e.name, e.reason]));
  const chosen = new Set(selected);

  const toggle = (name: string, checked: boolean) =>
    onChange(candidates.map((c) => c.name).filter((n) => (n === name ? checked : chosen.has(n))));

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          Features ({selected.length} of {candidates.length})
        </Text>
        <Group gap="xs">
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => onChange(candidates.map((c) => c.name).filter((n) => !reasons.has(n)))}
          >
            Suggested
          </Button>
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => onChange(candidates.map((c) => c.name))}
          >
            All
          </Button>
          <Button size="compact-xs" variant="subtle" onClick={() => onChange([])}>
            None
          </Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs" role="group" aria-label="Features">
        {candidates.map((column) => {
          const reason = reasons.get(column.name);
          return (
            <Checkbox
              key={column.name}
              checked={chosen.has(column.name)}
              onChange={(e) => toggle(column.name, e.currentTarget.checked)}
              label={
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" truncate="end" maw={180} title={column.name}>
                    {column.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {column.type}
                  </Text>
                  {reason && (
                    <Tooltip label={`Suggested exclusion: ${reason}`}>
                      <Badge size="xs" color="orange" variant="light" tt="none">
                        {reason}
                      </Badge>
                    </Tooltip>
                  )}
                </Group>
              }
            />
          );
        })}
      </SimpleGrid>
      {selected.length === 0 && (
        <Text size="sm" c="red">
          Choose at least one feature.
        </Text>
      )}
    </Stack>
  );
}
