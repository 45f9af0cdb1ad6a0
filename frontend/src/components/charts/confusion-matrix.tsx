import { Table, Text, Tooltip } from '@mantine/core';

import type { ConfusionMatrix } from '@/api';
import { rowShares } from '@/lib/model-report';

type ConfusionMatrixChartProps = { data: ConfusionMatrix };

/** Heatmap table: rows are actual classes, columns predicted; the diagonal is what went right. */
export function ConfusionMatrixChart({ data }: ConfusionMatrixChartProps) {
  const shares = rowShares(data.matrix);
  return (
    <Table.ScrollContainer minWidth={200} scrollAreaProps={{ type: 'auto' }}>
      <Table withTableBorder withColumnBorders ta="center" aria-label="Confusion matrix">
        <Table.Thead>
          <Table.Tr>
            <Table.Th ta="left">
              <Text size="xs" c="dimmed">
                actual ↓ · predicted →
              </Text>
            </Table.Th>
            {data.labels.map((label) => (
              <Table.Th key={label} ta="center" scope="col">
                {label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.matrix.map((row, i) => (
            <Table.Tr key={data.labels[i]}>
              <Table.Th scope="row">{data.labels[i]}</Table.Th>
              {row.map((count, j) => {
                const share = shares[i]?.[j] ?? 0;
                const hue = i === j ? 'blue' : 'red';
                return (
                  <Tooltip
                    key={data.labels[j]}
                    label={`${count} of actual ${data.labels[i]} predicted ${data.labels[j]} (${(share * 100).toFixed(0)}%)`}
                  >
                    <Table.Td
                      style={{
                        background: `color-mix(in srgb, var(--mantine-color-${hue}-6) ${Math.round(share * 85)}%, transparent)`,
                        color: share > 0.5 ? 'white' : undefined,
                        fontVariantNumeric: 'tabular-nums',
                        minWidth: 64,
                      }}
                    >
                      <Text fw={600} size="sm" inherit>
                        {count}
                      </Text>
                      <Text size="xs" inherit opacity={0.8}>
                        {(share * 100).toFixed(0)}%
                      </Text>
                    </Table.Td>
                  </Tooltip>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
