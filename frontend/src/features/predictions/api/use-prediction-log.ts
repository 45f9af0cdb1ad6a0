import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';

import { predictionsExportPredictions } from '@/api';
import { predictionsListPredictionsOptions } from '@/api/@tanstack/react-query.gen';
import { saveBlob } from '@/lib/save-blob';

export type LogFilters = { version: number | null; source: 'api' | 'form' | 'batch' | null };

function query(filters: LogFilters) {
  return {
    version: filters.version ?? undefined,
    source: filters.source ?? undefined,
  };
}

export const LOG_PAGE_SIZE = 20;

/** One page of the prediction log, newest first. */
export function usePredictionLog(modelId: string, filters: LogFilters, page: number) {
  return useQuery({
    ...predictionsListPredictionsOptions({
      path: { model_id: modelId },
      query: { ...query(filters), offset: page * LOG_PAGE_SIZE, limit: LOG_PAGE_SIZE },
    }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** The filtered log as CSV. */
export function useExportLog(modelId: string) {
  return useMutation({
    mutationFn: async (filters: LogFilters) => {
      const { data } = await predictionsExportPredictions({
        path: { model_id: modelId },
        query: query(filters),
        parseAs: 'blob',
        throwOnError: true,
      });
      saveBlob(data as Blob, `predictions-${modelId}.csv`);
    },
  });
}
