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

/** Columns per profile page: a wide file's profile is fetched and drawn one page at a time. */
export const PROFILE_PAGE_COLUMNS = 50;

/** The first column of the profile page that holds the column at `index`. */
export function profilePageOffset(index: number) {
  return Math.max(0, Math.floor(index / PROFILE_PAGE_COLUMNS) * PROFILE_PAGE_COLUMNS);
}

export function useProfile(
  datasetId: string,
  version: number | undefined,
  columnsOffset = 0,
  enabled = true,
) {
  return useQuery({
    ...datasetsGetProfileOptions({
      path: { dataset_id: datasetId },
      query: { version, columns_offset: columnsOffset, columns_limit: PROFILE_PAGE_COLUMNS },
    }),
    // A version never changes, so neither does its profile.
    staleTime: Infinity,
    placeholderData: keepPreviousData,
    enabled,
  });
}
