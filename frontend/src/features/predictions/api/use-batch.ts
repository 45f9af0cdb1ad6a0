import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import {
  predictionsCreateBatchFromDataset,
  predictionsDownloadBatchPrediction,
  type BatchJobRead,
} from '@/api';
import { predictionsGetBatchPredictionOptions } from '@/api/@tanstack/react-query.gen';
import { saveBlob } from '@/lib/save-blob';

import { uploadBatchFile } from './upload-batch-file';

export type BatchSource =
  | { kind: 'file'; file: File; version: number | null }
  | { kind: 'dataset'; datasetId: string; datasetVersion: number | null; version: number | null };

/** Starts a batch job from a CSV upload (with upload progress) or a dataset version. */
export function useStartBatch(modelId: string) {
  const [uploaded, setUploaded] = useState(0);
  const mutation = useMutation({
    mutationFn: async (source: BatchSource): Promise<BatchJobRead> => {
      setUploaded(0);
      if (source.kind === 'file') {
        return uploadBatchFile(modelId, source.file, source.version, setUploaded);
      }
      const { data } = await predictionsCreateBatchFromDataset({
        path: { model_id: modelId },
        body: {
          dataset_id: source.datasetId,
          dataset_version: source.datasetVersion,
          version: source.version,
        },
        throwOnError: true,
      });
      return data;
    },
  });
  return { ...mutation, uploaded };
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** A batch job, polled until it ends. */
export function useBatchJob(modelId: string, jobId: string | null) {
  return useQuery({
    ...predictionsGetBatchPredictionOptions({ path: { model_id: modelId, job_id: jobId ?? '' } }),
    enabled: jobId !== null,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data && TERMINAL.has(q.state.data.status) ? false : 1000),
  });
}

export function useDownloadBatch(modelId: string) {
  return useMutation({
    mutationFn: async (jobId: string) => {
      const { data } = await predictionsDownloadBatchPrediction({
        path: { model_id: modelId, job_id: jobId },
        parseAs: 'blob',
        throwOnError: true,
      });
      saveBlob(data as Blob, `predictions-${jobId}.csv`);
    },
  });
}
