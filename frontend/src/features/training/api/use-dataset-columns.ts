import { useQuery } from '@tanstack/react-query';

import {
  datasetsGetDatasetOptions,
  datasetsGetVersionOptions,
  datasetsListDatasetsOptions,
  datasetsListVersionsOptions,
} from '@/api/@tanstack/react-query.gen';

/** Datasets to pick from when the wizard is opened without one. */
export function useDatasetChoices(enabled: boolean) {
  return useQuery({ ...datasetsListDatasetsOptions({ query: { limit: 200 } }), enabled });
}

export function useDataset(datasetId: string) {
  return useQuery({
    ...datasetsGetDatasetOptions({ path: { dataset_id: datasetId } }),
    enabled: Boolean(datasetId),
  });
}

export function useDatasetVersions(datasetId: string) {
  return useQuery({
    ...datasetsListVersionsOptions({ path: { dataset_id: datasetId } }),
    enabled: Boolean(datasetId),
  });
}

/** The columns (with their semantic types) of one version of a dataset. */
export function useVersionColumns(datasetId: string, version: number | null) {
  return useQuery({
    ...datasetsGetVersionOptions({ path: { dataset_id: datasetId, number: version ?? 0 } }),
    enabled: Boolean(datasetId) && version !== null,
    select: (v) => v.columns_summary,
  });
}
