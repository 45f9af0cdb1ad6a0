import { Badge, Table, Text } from '@mantine/core';

import type { FeatureSpec } from '@/api';
import { formatMetric } from '@/lib/model-report';

function describe(field: FeatureSpec): string {
  if (field.categories) {
    const cats = field.categories.map(String);
    return cats.slice(0, 6).join(', ') + (cats.length > 6 ? ` … (${cats.length})` : '');
  }
  const lo = field.min;
  const hi = field.max;
  if (typeof lo === 'number' && typeof hi === 'number') {
    return `${formatMetric(lo)} to ${formatMetric(hi)} (median ${formatMetric(field.median)})`;
  }
  if (typeof lo === 'string' && typeof hi === 'string')
    return `${lo.slice(0, 10)} to ${hi.slice(0, 10)}`;
  return '';
}

/** The inputs a version expects, with what training saw of each. */
export function FeatureSchemaTable({ schema }: { schema: FeatureSpec[] }) {
  return (
    <Table.ScrollContainer minWidth={560} scrollAreaProps={{ type: 'auto' }}>
      <Table verticalSpacing={6} aria-label="Feature schema">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Feature</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Seen in training</Table.Th>
            <Table.Th>Missing</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {schema.map((f) => (
            <Table.Tr key={f.name}>
              <Table.Td fw={500}>
                {f.name}
                {f.required && (
                  <Badge ml={6} size="xs" variant="light" color="gray">
                    required
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{f.type ?? 'numeric'}</Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {describe(f)}
                </Text>
              </Table.Td>
              <Table.Td>
                {f.missing_share != null ? `${(f.missing_share * 100).toFixed(1)}%` : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
