import {
  Alert,
  Button,
  Card,
  FileInput,
  Group,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconFileTypeCsv, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';

import type { ModelVersionSummary } from '@/api';
import {
  datasetsListDatasetsOptions,
  datasetsListVersionsOptions,
  predictionsListBatchPredictionsQueryKey,
} from '@/api/@tanstack/react-query.gen';
import { errorMessage } from '@/lib/error-message';

import { useStartBatch } from '../api/use-batch';

import { BatchJobList } from './batch-job-list';
import { BatchJobStatus } from './batch-job-status';

type BatchScoringProps = { modelId: string; versions: ModelVersionSummary[] };

/** Score a whole CSV: upload one or pick a dataset version, follow the job, download the result. */
export function BatchScoring({ modelId, versions }: BatchScoringProps) {
  const [mode, setMode] = useState<'file' | 'dataset'>('file');
  const [file, setFile] = useState<File | null>(null);
  const [datasetId, setDatasetId] = useState<string | null>(null);
  const [datasetVersion, setDatasetVersion] = useState<string | null>(null);
  const [modelVersion, setModelVersion] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useStartBatch(modelId);
  const queryClient = useQueryClient();
  const datasets = useQuery({
    ...datasetsListDatasetsOptions({ query: { limit: 200 } }),
    enabled: mode === 'dataset',
  });
  const dsVersions = useQuery({
    ...datasetsListVersionsOptions({ path: { dataset_id: datasetId ?? '' } }),
    enabled: datasetId !== null,
  });

  const version = modelVersion === null ? null : Number(modelVersion);
  const ready = mode === 'file' ? file !== null : datasetId !== null;
  const submit = () => {
    if (!ready) return;
    setJobId(null);
    const source =
      mode === 'file' && file
        ? { kind: 'file' as const, file, version }
        : {
            kind: 'dataset' as const,
            datasetId: datasetId ?? '',
            datasetVersion: datasetVersion === null ? null : Number(datasetVersion),
            version,
          };
    start.mutate(source, {
      onSuccess: (job) => {
        setJobId(job.id);
        void queryClient.invalidateQueries({
          queryKey: predictionsListBatchPredictionsQueryKey({ path: { model_id: modelId } }),
        });
      },
    });
  };

  return (
    <Card withBorder padding="lg">
      <Stack gap="md">
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v as 'file' | 'dataset')}
          data={[
            { value: 'file', label: 'Upload a CSV' },
            { value: 'dataset', label: 'Use a dataset version' },
          ]}
          w="fit-content"
        />
        <Group grow align="flex-start">
          {mode === 'file' ? (
            <FileInput
              label="CSV file"
              description="Columns named like the model's features; extra columns are kept in the output."
              placeholder="Choose a .csv file"
              accept=".csv,text/csv"
              leftSection={<IconFileTypeCsv size={16} aria-hidden />}
              value={file}
              onChange={setFile}
              clearable
            />
          ) : (
            <>
              <Select
                label="Dataset"
                searchable
                data={(datasets.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
                value={datasetId}
                onChange={(v) => (setDatasetId(v), setDatasetVersion(null))}
              />
              <Select
                label="Dataset version"
                placeholder="Current"
                disabled={datasetId === null}
                data={(dsVersions.data ?? []).map((v) => ({
                  value: String(v.number),
                  label: `v${v.number}${v.is_current ? ' (current)' : ''}`,
                }))}
                value={datasetVersion}
                onChange={setDatasetVersion}
                clearable
              />
            </>
          )}
          <Select
            label="Model version"
            placeholder="Champion"
            data={versions.map((v) => ({ value: String(v.version), label: `v${v.version}` }))}
            value={modelVersion}
            onChange={setModelVersion}
            clearable
          />
        </Group>
        <Group justify="flex-end">
          <Button
            leftSection={<IconPlayerPlay size={16} aria-hidden />}
            disabled={!ready}
            loading={start.isPending}
            onClick={submit}
          >
            Start batch scoring
          </Button>
        </Group>
        {start.isPending && mode === 'file' && (
          <Stack gap={4}>
            <Text size="sm">Uploading… {Math.round(start.uploaded * 100)}%</Text>
            <Progress value={start.uploaded * 100} aria-label="Upload progress" />
          </Stack>
        )}
        {start.isError && (
          <Alert color="red" title="Could not start" role="alert">
            {errorMessage(start.error)}
          </Alert>
        )}
        {jobId && <BatchJobStatus key={jobId} modelId={modelId} jobId={jobId} />}
        <BatchJobList modelId={modelId} onOpen={setJobId} />
      </Stack>
    </Card>
  );
}
