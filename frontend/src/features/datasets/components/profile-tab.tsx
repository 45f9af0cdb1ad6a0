import {
  Alert,
  Card,
  Group,
  Pagination,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';

import { BarList } from '@/components/charts/bar-list';
import { Heatmap } from '@/components/charts/heatmap';
import { formatBytes, formatNumber } from '@/lib/formatters';

import { PROFILE_PAGE_COLUMNS, useProfile } from '../api/use-dataset-queries';
import { errorMessage } from '../lib/error-message';
import { ColumnProfileCard } from './column-profile-card';

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </Stack>
  );
}

/** The whole version at a glance: per-column cards, missing values and correlations; a wide
 * version is fetched and drawn one page of columns at a time. */
export function ProfileTab({
  datasetId,
  version,
  csvBytes,
}: {
  datasetId: string;
  version: number;
  /** Size of the CSV as uploaded, the "CSV size" of the datasets list. */
  csvBytes?: number;
}) {
  const [page, setPage] = useState(1);
  const profile = useProfile(datasetId, version, (page - 1) * PROFILE_PAGE_COLUMNS);
  if (profile.isPending) {
    return (
      <Stack aria-busy="true" aria-label="Computing the profile">
        <Text size="sm" c="dimmed">
          Computing the profile of version {version}…
        </Text>
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
          {[1, 2, 3].map((i) => (
            <Skeleton key={i} h={240} radius="md" />
          ))}
        </SimpleGrid>
      </Stack>
    );
  }
  if (profile.error) {
    return (
      <Alert color="red" role="alert" title="Could not profile this version">
        {errorMessage(profile.error)}
      </Alert>
    );
  }
  const data = profile.data;
  const missing = data.missing.columns.filter((c) => c.missing > 0);
  const correlation = data.correlation;
  const pages = Math.ceil(data.columns / PROFILE_PAGE_COLUMNS);
  const first = data.columns_offset + 1;
  const last = data.columns_offset + data.column_profiles.length;
  const range =
    pages > 1
      ? ` ${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(data.columns)}`
      : '';
  const pager =
    pages > 1 ? (
      <Pagination
        total={pages}
        value={page}
        onChange={setPage}
        size="sm"
        aria-label="Pages of columns"
        getControlProps={(control) => ({ 'aria-label': `${control} page of columns` })}
      />
    ) : null;

  return (
    <Stack gap="lg">
      <Group gap="xl">
        <Fact label="Rows" value={formatNumber(data.rows)} />
        <Fact label="Columns" value={formatNumber(data.columns)} />
        <Fact label="Duplicate rows" value={formatNumber(data.duplicate_rows)} />
        {csvBytes !== undefined && <Fact label="Uploaded CSV" value={formatBytes(csvBytes)} />}
        <Fact label="Stored (this version, compressed)" value={formatBytes(data.file_bytes)} />
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder radius="md">
          <Title order={3} size="h5" mb="sm">
            Missing values{range && ` (columns${range})`}
          </Title>
          {missing.length === 0 ? (
            <Text size="sm" c="dimmed">
              No column has missing values.
            </Text>
          ) : (
            <BarList
              title="Share of missing values per column"
              items={missing.map((c) => ({
                label: c.name,
                value: c.share,
                display: `${formatNumber(c.missing)} · ${(c.share * 100).toFixed(1)}%`,
              }))}
              max={1}
              color="var(--mantine-color-orange-5)"
            />
          )}
        </Card>
        <Card withBorder radius="md">
          <Title order={3} size="h5" mb="sm">
            Correlations
          </Title>
          {correlation.columns.length < 2 ? (
            <Text size="sm" c="dimmed">
              Correlations need at least two numeric columns.
            </Text>
          ) : (
            <Heatmap
              title="Pearson correlation between numeric columns (−1 blue, +1 red)"
              labels={correlation.columns}
              matrix={correlation.matrix}
            />
          )}
        </Card>
      </SimpleGrid>
      <Group justify="space-between">
        <Title order={3} size="h4">
          Columns{range}
        </Title>
        {pager}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} aria-busy={profile.isPlaceholderData}>
        {data.column_profiles.map((column) => (
          <ColumnProfileCard key={column.name} profile={column} />
        ))}
      </SimpleGrid>
      {pager}
    </Stack>
  );
}
