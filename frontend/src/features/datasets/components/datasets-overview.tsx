import { Alert, Group, Pagination, Skeleton, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { useDatasets } from '../api/use-dataset-queries';
import { errorMessage } from '../lib/error-message';
import { DatasetsEmptyState } from './datasets-empty-state';
import { DatasetsTable } from './datasets-table';
import { UploadDropzone } from './upload-dropzone';

const PAGE_SIZE = 20;

/** The datasets list page body: upload, then the list (or the empty state). */
export function DatasetsOverview() {
  const [page, setPage] = useState(1);
  const datasets = useDatasets((page - 1) * PAGE_SIZE, PAGE_SIZE);
  const navigate = useNavigate();
  const total = datasets.data?.total ?? 0;

  return (
    <Stack gap="lg">
      <UploadDropzone
        onUploaded={(dataset) => {
          notifications.show({
            color: 'green',
            title: 'Dataset ready',
            message: `${dataset.name}: ${dataset.rows.toLocaleString('en-US')} rows, ${dataset.columns} columns.`,
          });
          void navigate(`/datasets/${dataset.id}`);
        }}
      />
      {datasets.isPending && <Skeleton h={160} aria-label="Loading datasets" />}
      {datasets.error && (
        <Alert color="red" title="Could not load your datasets" role="alert">
          {errorMessage(datasets.error)}
        </Alert>
      )}
      {datasets.data && total === 0 && <DatasetsEmptyState />}
      {datasets.data && total > 0 && (
        <>
          <DatasetsTable datasets={datasets.data.items} />
          {total > PAGE_SIZE && (
            <Group justify="flex-end">
              <Pagination
                total={Math.ceil(total / PAGE_SIZE)}
                value={page}
                onChange={setPage}
                size="sm"
              />
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
