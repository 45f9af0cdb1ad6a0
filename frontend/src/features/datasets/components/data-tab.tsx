import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';

import type { ColumnSummary, DatasetVersionRead } from '@/api';
import { DataGrid } from '@/components/data-grid/data-grid';
import { GridPagination } from '@/components/data-grid/grid-pagination';
import { EmptyState } from '@/components/ui/empty-state';
import { IconFilterOff } from '@tabler/icons-react';

import { useApplyOperations } from '../api/use-apply-operations';
import { useRows } from '../api/use-dataset-queries';
import { errorMessage } from '../lib/error-message';
import {
  nextSort,
  operatorNeedsValue,
  parseFilterParam,
  parseSortParam,
  toFilterParam,
  toSortParam,
  type FilterCondition,
} from '../lib/filter-grammar';
import { ColumnActionModal, type ColumnActionTarget } from './column-action-modal';
import { TypeBadge } from './column-profile-card';
import { ColumnMenu } from './column-menu';
import { FilterBuilder } from './filter-builder';

const ROW_ID = '__row_id';
const NUMBER_TYPES = new Set(['numeric', 'integer']);

type DataTabProps = {
  datasetId: string;
  version: DatasetVersionRead;
  onVersionCreated: (version: DatasetVersionRead) => void;
};

/** Browse one version: server-side paging, sorting and filtering; edits make new versions. */
export function DataTab({ datasetId, version, onVersionCreated }: DataTabProps) {
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [target, setTarget] = useState<ColumnActionTarget | null>(null);
  const names = version.columns_summary.map((c) => c.name);
  const sort = parseSortParam(params.get('sort'));
  const filters = params.getAll('filter').flatMap((text) => parseFilterParam(text, names) ?? []);
  const { apply, mutation } = useApplyOperations(datasetId, version.number, (created) => {
    setSelected(new Set());
    onVersionCreated(created);
  });

  const rows = useRows({
    datasetId,
    version: version.number,
    offset: (page - 1) * pageSize,
    limit: pageSize,
    sort: toSortParam(sort),
    filters: filters.map(toFilterParam),
  });

  const updateParams = (change: (next: URLSearchParams) => void) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        change(next);
        return next;
      },
      { replace: true },
    );
    setPage(1);
  };
  const setFilters = (next: FilterCondition[]) =>
    updateParams((p) => {
      p.delete('filter');
      for (const f of next) p.append('filter', toFilterParam(f));
    });
  const onSort = (column: string) =>
    updateParams((p) => {
      const value = toSortParam(nextSort(sort, column));
      if (value) p.set('sort', value);
      else p.delete('sort');
    });
  const applyFilters = (keep: boolean) =>
    void apply([
      {
        op: 'filter_rows',
        keep,
        filters: filters.map((f) => ({
          column: f.column,
          op: f.op,
          value: operatorNeedsValue(f.op) ? f.value : null,
        })),
      },
    ])
      .then(() => setFilters([]))
      .catch(() => undefined);
  const openAction = (summary: ColumnSummary, action: ColumnActionTarget['action']) => {
    mutation.reset();
    setTarget({
      action,
      column: summary.name,
      index: names.indexOf(summary.name),
      type: summary.type,
      missing: summary.missing,
    });
  };

  const columns = version.columns_summary.map((summary) => ({
    key: summary.name,
    numeric: NUMBER_TYPES.has(summary.type),
    unit: summary.unit,
    subtitle: <TypeBadge type={summary.type} />,
    menu: (
      <ColumnMenu
        column={summary.name}
        type={summary.type}
        missing={summary.missing}
        onAction={(action) => openAction(summary, action)}
      />
    ),
  }));

  return (
    <Stack gap="sm">
      <Paper withBorder p="sm" radius="md">
        <FilterBuilder columns={version.columns_summary} filters={filters} onChange={setFilters} />
        {filters.length > 0 && (
          <Group gap="xs" mt="xs">
            <Text size="xs" c="dimmed">
              Make it a version:
            </Text>
            <Button
              size="compact-xs"
              variant="default"
              loading={mutation.isPending && target === null}
              onClick={() => applyFilters(true)}
            >
              Keep only matching rows
            </Button>
            <Button
              size="compact-xs"
              variant="default"
              color="red"
              loading={mutation.isPending && target === null}
              onClick={() => applyFilters(false)}
            >
              Remove matching rows
            </Button>
          </Group>
        )}
      </Paper>
      {selected.size > 0 && (
        <Group
          justify="space-between"
          p="xs"
          bg="var(--mantine-color-blue-light)"
          style={{ borderRadius: 8 }}
          role="region"
          aria-label="Selection"
        >
          <Text size="sm" fw={500}>
            {selected.size} {selected.size === 1 ? 'row' : 'rows'} selected
          </Text>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
            <Button
              size="xs"
              color="red"
              leftSection={<IconTrash size={14} aria-hidden />}
              loading={mutation.isPending && target === null}
              onClick={() =>
                void apply([{ op: 'drop_rows', row_ids: [...selected] }]).catch(() => undefined)
              }
            >
              Delete {selected.size} {selected.size === 1 ? 'row' : 'rows'}
            </Button>
          </Group>
        </Group>
      )}
      {mutation.error && target === null && (
        <Alert
          color="red"
          role="alert"
          title="Could not create a new version"
          withCloseButton
          onClose={() => mutation.reset()}
        >
          {errorMessage(mutation.error)}
        </Alert>
      )}
      {rows.error && (
        <Alert color="red" role="alert" title="Could not load rows">
          {errorMessage(rows.error)}
        </Alert>
      )}
      <DataGrid
        label={`Rows of version ${version.number}`}
        columns={columns}
        rows={rows.data?.rows ?? []}
        rowKey={(row) => Number(row[ROW_ID])}
        sort={sort}
        onSort={onSort}
        selected={selected}
        onSelectedChange={setSelected}
        loading={rows.isFetching}
        empty={
          <EmptyState
            icon={<IconFilterOff size={30} />}
            title="No rows match"
            description="Remove a filter to see more rows."
          />
        }
      />
      <GridPagination
        page={page}
        pageSize={pageSize}
        total={rows.data?.total ?? 0}
        onPageChange={setPage}
        onPageSizeChange={(size) => {
          setPageSize(size);
          setPage(1);
        }}
      />
      <ColumnActionModal
        datasetId={datasetId}
        version={version.number}
        target={target}
        onClose={() => setTarget(null)}
        onApply={(operation) => apply([operation])}
        applying={mutation.isPending}
        error={mutation.error}
      />
    </Stack>
  );
}
