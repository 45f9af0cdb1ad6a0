import { useMutation, useQueryClient } from '@tanstack/react-query';

import {
  datasetsCreateVersion,
  datasetsDeleteDataset,
  datasetsRestoreVersion,
  datasetsUpdateDataset,
  type DatasetDetail,
  type DatasetVersionRead,
  type VersionCreate,
} from '@/api';
import type { ApiError } from '@/lib/api-error';

import { invalidateDataset } from './query-helpers';

export type Operation = VersionCreate['operations'][number];

export type CreateVersionInput = { baseVersion?: number; operations: Operation[] };

/** Applies operations to a version (default: the current one), creating a new current version. */
export function useCreateVersion(datasetId: string) {
  const queryClient = useQueryClient();
  return useMutation<DatasetVersionRead, ApiError, CreateVersionInput>({
    mutationFn: async ({ baseVersion, operations }) => {
      const { data } = await datasetsCreateVersion({
        path: { dataset_id: datasetId },
        body: { base_version: baseVersion ?? null, operations },
        throwOnError: true,
      });
      return data;
    },
    onSettled: () => invalidateDataset(queryClient, datasetId),
  });
}

export function useRestoreVersion(datasetId: string) {
  const queryClient = useQueryClient();
  return useMutation<DatasetVersionRead, ApiError, number>({
    mutationFn: async (version) => {
      const { data } = await datasetsRestoreVersion({
        path: { dataset_id: datasetId },
        body: { version },
        throwOnError: true,
      });
      return data;
    },
    onSettled: () => invalidateDataset(queryClient, datasetId),
  });
}

export function useRenameDataset(datasetId: string) {
  const queryClient = useQueryClient();
  return useMutation<DatasetDetail, ApiError, string>({
    mutationFn: async (name) => {
      const { data } = await datasetsUpdateDataset({
        path: { dataset_id: datasetId },
        body: { name },
        throwOnError: true,
      });
      return data;
    },
    onSettled: () => invalidateDataset(queryClient, datasetId),
  });
}

export function useDeleteDataset() {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, string>({
    mutationFn: async (datasetId) => {
      await datasetsDeleteDataset({ path: { dataset_id: datasetId }, throwOnError: true });
    },
    onSuccess: (_data, datasetId) => {
      queryClient.removeQueries({
        predicate: (query) =>
          (query.queryKey[0] as { path?: { dataset_id?: string } } | undefined)?.path
            ?.dataset_id === datasetId,
      });
      return invalidateDataset(queryClient, datasetId);
    },
  });
}
