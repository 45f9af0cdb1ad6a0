import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Select,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { IconSchool } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';

import type { DatasetVersionRead } from '@/api';
import { formatNumber } from '@/lib/formatters';

import { useDataset, useVersions } from '../api/use-dataset-queries';
import { useSuggestions } from '../api/use-suggestions';
import { errorMessage } from '../lib/error-message';
import { DataTab } from './data-tab';
import { DatasetActions } from './dataset-actions';
import { ProfileTab } from './profile-tab';
import { SuggestionsTab } from './suggestions-tab';
import { VersionsTab } from './versions-tab';

const TABS = ['data', 'profile', 'versions', 'suggestions'] as const;
type Tab = (typeof TABS)[number];

/** A dataset page: header with the version selector, then Data, Profile, Versions, Suggestions. */
export function DatasetView({ datasetId }: { datasetId: string }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const dataset = useDataset(datasetId);
  const versions = useVersions(datasetId);
  const tabParam = params.get('tab');
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : 'data';
  const versionParam = Number(params.get('version')) || undefined;
  // Shares its cache with the Suggestions tab; the count tells whether the tab is worth a visit.
  const shown = versionParam ?? dataset.data?.current_version;
  const suggestions = useSuggestions(datasetId, shown, shown !== undefined);

  if (dataset.error || versions.error) {
    return (
      <Alert color="red" role="alert" title="Could not open this dataset">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{errorMessage(dataset.error ?? versions.error)}</Text>
          <Anchor component={Link} to="/datasets" size="sm">
            Back to your datasets
          </Anchor>
        </Stack>
      </Alert>
    );
  }
  if (!dataset.data || !versions.data)
    return <Skeleton h={320} radius="md" aria-label="Loading the dataset" />;

  const current = dataset.data.current_version;
  const suggestionCount = suggestions.data?.items.length ?? 0;
  const viewing =
    versions.data.find((v) => v.number === (versionParam ?? current)) ?? dataset.data.version;
  const setParam = (key: string, value: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value === null) next.delete(key);
      else next.set(key, value);
      if (key === 'version') {
        next.delete('filter');
        next.delete('sort');
      }
      return next;
    });
  const showVersion = (number: number) =>
    setParam('version', number === current ? null : String(number));
  const onCreated = (created: DatasetVersionRead) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.delete('version');
      return next;
    });
    void created;
  };

  return (
    <Stack gap="md">
      <title>{`${dataset.data.name} · CSV Analyzer`}</title>
      <Breadcrumbs>
        <Anchor component={Link} to="/datasets" size="sm">
          Datasets
        </Anchor>
        <Text size="sm">{dataset.data.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={2}>
          <Title order={1} size="h2">
            {dataset.data.name}
          </Title>
          <Text c="dimmed" size="sm">
            Version {viewing.number}: {formatNumber(viewing.rows)} rows ×{' '}
            {formatNumber(viewing.columns)} columns · from {dataset.data.original_filename}
          </Text>
        </Stack>
        <Group gap="sm" align="flex-end">
          {viewing.number !== current && (
            <Badge color="yellow" variant="light" size="lg">
              Viewing an older version
            </Badge>
          )}
          <Select
            label="Version"
            w={200}
            data={[...versions.data].reverse().map((v) => ({
              value: String(v.number),
              label: `Version ${v.number}${v.is_current ? ' (current)' : ''}`,
            }))}
            value={String(viewing.number)}
            onChange={(value) => value && showVersion(Number(value))}
            allowDeselect={false}
          />
          <Button
            component={Link}
            to={`/datasets/${datasetId}/train`}
            leftSection={<IconSchool size={16} aria-hidden />}
          >
            Train a model
          </Button>
          <DatasetActions
            dataset={dataset.data}
            onDeleted={() => void navigate('/datasets', { replace: true })}
          />
        </Group>
      </Group>
      <Tabs
        value={tab}
        onChange={(value) => setParam('tab', value === 'data' ? null : value)}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="data">Data</Tabs.Tab>
          <Tabs.Tab value="profile">Profile</Tabs.Tab>
          <Tabs.Tab value="versions">Versions ({versions.data.length})</Tabs.Tab>
          <Tabs.Tab
            value="suggestions"
            rightSection={
              suggestionCount ? (
                <Badge
                  size="sm"
                  variant="filled"
                  miw={22}
                  color="orange"
                  aria-label={`${suggestionCount} suggestions`}
                >
                  {suggestionCount}
                </Badge>
              ) : null
            }
          >
            Suggestions
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="data" pt="md">
          <DataTab
            key={viewing.number}
            datasetId={datasetId}
            version={viewing}
            onVersionCreated={onCreated}
          />
        </Tabs.Panel>
        <Tabs.Panel value="profile" pt="md">
          <ProfileTab
            datasetId={datasetId}
            version={viewing.number}
            csvBytes={dataset.data?.size_bytes}
          />
        </Tabs.Panel>
        <Tabs.Panel value="versions" pt="md">
          <VersionsTab
            datasetId={datasetId}
            datasetName={dataset.data.name}
            versions={versions.data}
            viewing={viewing.number}
            onView={(number) => {
              showVersion(number);
            }}
            onRestored={onCreated}
          />
        </Tabs.Panel>
        <Tabs.Panel value="suggestions" pt="md">
          <SuggestionsTab
            datasetId={datasetId}
            version={viewing.number}
            onVersionCreated={onCreated}
          />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
