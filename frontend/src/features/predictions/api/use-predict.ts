import { useMutation, useQueryClient } from '@tanstack/react-query';

import { predictionsPredict, predictionsPredictVersion } from '@/api';

type PredictInput = { row: Record<string, unknown>; version: number | null };

/** Predicts one form row (logged as source "form") with the top feature contributions. */
export function usePredict(modelId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ row, version }: PredictInput) => {
      const body = { rows: [row], source: 'form' as const, explain: true };
      const { data } =
        version === null
          ? await predictionsPredict({ path: { model_id: modelId }, body, throwOnError: true })
          : await predictionsPredictVersion({
              path: { model_id: modelId, version },
              body,
              throwOnError: true,
            });
      return data;
    },
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: [{ _id: 'predictionsListPredictions' }] }),
  });
}
