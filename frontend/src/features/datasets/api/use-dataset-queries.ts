import { keepPreviousData, useQuery } from '@tanstack/react-query';

import {
  datasetsGetDatasetOptions,
  datasetsGetProfileOptions,
  datasetsListDatasetsOptions,
  datasetsListRowsOptions,
  datasetsListVersionsOptions,
} from '@/api/@tanstack/react-query.gen';

export function useDatasets(offset: number, limit: number) {
  return useQuery({
    ...datasetsListDatasetsOptions({ query: { offset, limit } }),
    placeholderData: keepPreviousData,
  });
}

export function useDataset(datasetId: string) {
  return useQuery(datasetsGetDatasetOptions({ path: { dataset_id: datasetId } }));
}

export function useVersions(datasetId: string) {
  return useQuery(datasetsListVersionsOptions({ path: { dataset_id: datasetId } }));
}

export type RowsRequest = {
  datasetId: string;
  version: number | undefined;
  offset: number;
  limit: number;
  sort: string | undefined;
  filters: string[];
};

/** One page of rows; the previous page stays on screen while the next one loads. */
export function useRows({ datasetId, version, offset, limit, sort, filters }: RowsRequest) {
  return useQuery({
    ...datasetsListRowsOptions({
      path: { dataset_id: datasetId },
      query: { version, offset, limit, sort, filter: filters },
    }),
    placeholderData: keepPreviousData,
  });
}

export function useProfile(datasetId: string, version: number | undefined, enabled = true) {
  return useQuery({
    ...datasetsGetProfileOptions({ path: { dataset_id: datasetId }, query: { version } }),
    // A version never changes, so neither does its profile.
    staleTime: Infinity,
    enabled,
  });
}
