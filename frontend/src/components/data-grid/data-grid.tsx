import {
  Box,
  Checkbox,
  Group,
  LoadingOverlay,
  ScrollArea,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { ColumnUnit } from '@/api';

import { formatCell, isMissing } from './format-cell';

export type GridSort = { column: string; direction: 'asc' | 'desc' };

export type GridColumn = {
  key: string;
  /** Right-aligned, monospaced digits. */
  numeric?: boolean;
  /** The currency or percent sign the column's numbers are written with. */
  unit?: ColumnUnit | null;
  /** Under the name, e.g. the column type. */
  subtitle?: ReactNode;
  /** Right of the name, e.g. a column menu. */
  menu?: ReactNode;
};

type DataGridProps<Row> = {
  label: string;
  columns: GridColumn[];
  rows: Row[];
  rowKey: (row: Row) => number;
  /** Prefix of each row's checkbox label, e.g. "Select row" -> "Select row 12". */
  rowLabel?: (row: Row) => string;
  sort: GridSort | null;
  onSort: (column: string) => void;
  selected: ReadonlySet<number>;
  onSelectedChange: (next: Set<number>) => void;
  loading?: boolean;
  empty?: ReactNode;
};

function SortIcon({ direction }: { direction: 'asc' | 'desc' | null }) {
  if (direction === 'asc') return <IconArrowUp size={14} aria-hidden />;
  if (direction === 'desc') return <IconArrowDown size={14} aria-hidden />;
  return <IconArrowsSort size={14} aria-hidden style={{ opacity: 0.35 }} />;
}

/**
 * A server-driven data table: it shows one page, reports header clicks (sorting) and row
 * selection, and leaves fetching to its owner. Missing values read as "missing", not blanks.
 */
export function DataGrid<Row extends Record<string, unknown>>({
  label,
  columns,
  rows,
  rowKey,
  rowLabel,
  sort,
  onSort,
  selected,
  onSelectedChange,
  loading = false,
  empty,
}: DataGridProps<Row>) {
  const pageKeys = rows.map(rowKey);
  const selectedOnPage = pageKeys.filter((key) => selected.has(key)).length;
  const allOnPage = pageKeys.length > 0 && selectedOnPage === pageKeys.length;

  const togglePage = () => {
    const next = new Set(selected);
    for (const key of pageKeys) {
      if (allOnPage) next.delete(key);
      else next.add(key);
    }
    onSelectedChange(next);
  };
  const toggleRow = (key: number) => {
    const next = new Set(selected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    onSelectedChange(next);
  };

  return (
    <Box pos="relative">
      <LoadingOverlay
        visible={loading}
        zIndex={2}
        overlayProps={{ blur: 1, backgroundOpacity: 0.4 }}
        loaderProps={{ size: 'sm' }}
      />
      <ScrollArea type="auto" offsetScrollbars mah="65vh">
        <Table
          striped
          highlightOnHover
          withTableBorder
          withColumnBorders
          stickyHeader
          verticalSpacing={6}
          fz="sm"
          aria-label={label}
          aria-busy={loading}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>
                <Checkbox
                  aria-label="Select all rows on this page"
                  checked={allOnPage}
                  indeterminate={selectedOnPage > 0 && !allOnPage}
                  onChange={togglePage}
                  disabled={rows.length === 0}
                  size="xs"
                />
              </Table.Th>
              {columns.map((column) => {
                const direction = sort?.column === column.key ? sort.direction : null;
                return (
                  <Table.Th
                    key={column.key}
                    aria-sort={
                      direction === 'asc'
                        ? 'ascending'
                        : direction === 'desc'
                          ? 'descending'
                          : 'none'
                    }
                    style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}
                  >
                    <Group gap={4} wrap="nowrap" justify="space-between">
                      <UnstyledButton
                        onClick={() => onSort(column.key)}
                        aria-label={`Sort by ${column.key}`}
                      >
                        <Group gap={4} wrap="nowrap">
                          <Text size="sm" fw={600}>
                            {column.key}
                          </Text>
                          <SortIcon direction={direction} />
                        </Group>
                      </UnstyledButton>
                      {column.menu}
                    </Group>
                    {column.subtitle}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const key = rowKey(row);
              const isSelected = selected.has(key);
              return (
                <Table.Tr key={key} bg={isSelected ? 'var(--mantine-color-blue-light)' : undefined}>
                  <Table.Td>
                    <Checkbox
                      size="xs"
                      aria-label={rowLabel ? rowLabel(row) : `Select row ${key}`}
                      checked={isSelected}
                      onChange={() => toggleRow(key)}
                    />
                  </Table.Td>
                  {columns.map((column) => {
                    const value = row[column.key];
                    return (
                      <Table.Td
                        key={column.key}
                        ta={column.numeric ? 'right' : undefined}
                        ff={column.numeric ? 'monospace' : undefined}
                        style={{
                          whiteSpace: 'nowrap',
                          maxWidth: 320,
                          overflow: 'hidden',
                          textOverflow: 'ellipsis',
                        }}
                      >
                        {isMissing(value) ? (
                          <Text span size="xs" c="dimmed" fs="italic">
                            missing
                          </Text>
                        ) : (
                          formatCell(value, { group: column.numeric, unit: column.unit })
                        )}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {rows.length === 0 && !loading && empty}
    </Box>
  );
}
