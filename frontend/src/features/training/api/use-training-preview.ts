import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { trainingPreviewTraining } from '@/api';

type PreviewInput = { datasetId: string; datasetVersion: number | null; target: string };

/** What training on a target would do (task and why, exclusions), once a target is chosen. */
export function useTrainingPreview({ datasetId, datasetVersion, target }: PreviewInput) {
  return useQuery({
    queryKey: ['training-preview', datasetId, datasetVersion, target],
    queryFn: async ({ signal }) => {
      const { data } = await trainingPreviewTraining({
        body: { dataset_id: datasetId, dataset_version: datasetVersion, target },
        signal,
        throwOnError: true,
      });
      return data;
    },
    enabled: Boolean(datasetId && target),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
