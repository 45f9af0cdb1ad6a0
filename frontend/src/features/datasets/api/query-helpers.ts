import type { QueryClient } from '@tanstack/react-query';

type GeneratedKey = { _id?: unknown; path?: { dataset_id?: unknown } };

/**
 * Marks every cached read of one dataset (detail, versions, rows, profiles, suggestions) and the
 * datasets list as stale, so whatever is on screen refetches after a change.
 */
export function invalidateDataset(queryClient: QueryClient, datasetId: string): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: (query) => {
      const key = query.queryKey[0] as GeneratedKey | undefined;
      if (typeof key?._id !== 'string' || !key._id.startsWith('datasets')) return false;
      return key._id === 'datasetsListDatasets' || key.path?.dataset_id === datasetId;
    },
  });
}
