import { Anchor, Table, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';

import type { DatasetRead } from '@/api';
import { formatBytes, formatDateTime, formatNumber } from '@/lib/formatters';

/** The user's datasets: name (a link to the dataset), shape, versions and last change. */
export function DatasetsTable({ datasets }: { datasets: DatasetRead[] }) {
  return (
    <Table.ScrollContainer minWidth={640} scrollAreaProps={{ type: 'auto' }}>
      <Table highlightOnHover verticalSpacing="sm" aria-label="Datasets">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th ta="right">Rows</Table.Th>
            <Table.Th ta="right">Columns</Table.Th>
            <Table.Th ta="right">Versions</Table.Th>
            <Table.Th ta="right" title="Size of the CSV file as uploaded">
              CSV size
            </Table.Th>
            <Table.Th>Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {datasets.map((dataset) => (
            <Table.Tr key={dataset.id}>
              <Table.Td>
                <Anchor component={Link} to={`/datasets/${dataset.id}`} fw={500}>
                  {dataset.name}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right">{formatNumber(dataset.rows)}</Table.Td>
              <Table.Td ta="right">{formatNumber(dataset.columns)}</Table.Td>
              <Table.Td ta="right">
                <Tooltip label={`Version ${dataset.current_version} is current`}>
                  <Text span size="sm">
                    {formatNumber(dataset.versions_count)}
                  </Text>
                </Tooltip>
              </Table.Td>
              <Table.Td ta="right">{formatBytes(dataset.size_bytes)}</Table.Td>
              <Table.Td>{formatDateTime(dataset.updated_at)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
