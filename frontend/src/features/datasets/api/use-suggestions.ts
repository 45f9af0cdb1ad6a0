import { useQuery } from '@tanstack/react-query';

import { datasetsListSuggestionsOptions } from '@/api/@tanstack/react-query.gen';

/** Cleaning suggestions for a version (most severe first), each with the operation to apply. */
export function useSuggestions(datasetId: string, version: number | undefined, enabled = true) {
  return useQuery({
    ...datasetsListSuggestionsOptions({ path: { dataset_id: datasetId }, query: { version } }),
    // Suggestions derive from an immutable version.
    staleTime: Infinity,
    enabled,
  });
}
