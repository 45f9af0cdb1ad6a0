import { Group, Select, TextInput } from '@mantine/core';

import { formatNumber } from '@/lib/formatters';

import { useDataset, useDatasetChoices, useDatasetVersions } from '../api/use-dataset-columns';

type DatasetPickerProps = {
  datasetId: string;
  version: number | null;
  /** Show the dataset select (off when the page is opened from a dataset). */
  selectable: boolean;
  onDatasetChange: (id: string) => void;
  onVersionChange: (version: number) => void;
};

/** Which dataset and which of its versions to train on. */
export function DatasetPicker({
  datasetId,
  version,
  selectable,
  onDatasetChange,
  onVersionChange,
}: DatasetPickerProps) {
  const datasets = useDatasetChoices(selectable);
  const versions = useDatasetVersions(datasetId);
  const dataset = useDataset(selectable ? '' : datasetId);

  return (
    <Group grow align="flex-start">
      {!selectable && (
        <TextInput
          label="Dataset"
          readOnly
          value={
            dataset.data ? `${dataset.data.name} · ${formatNumber(dataset.data.rows)} rows` : ''
          }
        />
      )}
      {selectable && (
        <Select
          label="Dataset"
          placeholder={datasets.isLoading ? 'Loading…' : 'Pick a dataset'}
          searchable
          nothingFoundMessage="No datasets yet: upload a CSV first"
          data={(datasets.data?.items ?? []).map((d) => ({
            value: d.id,
            label: `${d.name} · ${formatNumber(d.rows)} rows`,
          }))}
          value={datasetId || null}
          onChange={(value) => value && onDatasetChange(value)}
          error={datasets.isError ? 'Could not load your datasets' : undefined}
        />
      )}
      <Select
        label="Version"
        disabled={!datasetId}
        data={(versions.data ?? []).map((v) => ({
          value: String(v.number),
          label: `v${v.number}${v.is_current ? ' (current)' : ''} · ${formatNumber(v.rows)} rows · ${v.origin}`,
        }))}
        value={version === null ? null : String(version)}
        onChange={(value) => value && onVersionChange(Number(value))}
        allowDeselect={false}
      />
    </Group>
  );
}
