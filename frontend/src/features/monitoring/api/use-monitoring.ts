import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { monitoringDeleteSchedule, monitoringGetSchedule, monitoringPutSchedule } from '@/api';
import {
  monitoringGetDriftOptions,
  monitoringGetUsageOptions,
} from '@/api/@tanstack/react-query.gen';
import { ApiError } from '@/lib/api-error';

export function useDrift(modelId: string, windowHours: number) {
  return useQuery({
    ...monitoringGetDriftOptions({
      path: { model_id: modelId },
      query: { window_hours: windowHours },
    }),
    staleTime: 15_000,
  });
}

export function useUsage(modelId: string, hours: number) {
  return useQuery({
    ...monitoringGetUsageOptions({ path: { model_id: modelId }, query: { hours } }),
    staleTime: 15_000,
  });
}

const scheduleKey = (modelId: string) => ['model-schedule', modelId];

/** The retraining schedule, or null when the model has none (the API answers 404). */
export function useSchedule(modelId: string) {
  return useQuery({
    queryKey: scheduleKey(modelId),
    queryFn: async ({ signal }) => {
      try {
        const { data } = await monitoringGetSchedule({
          path: { model_id: modelId },
          signal,
          throwOnError: true,
        });
        return data;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function useSaveSchedule(modelId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { cadence: string; enabled: boolean }) => {
      const { data } = await monitoringPutSchedule({
        path: { model_id: modelId },
        body,
        throwOnError: true,
      });
      return data;
    },
    onSuccess: (schedule) => queryClient.setQueryData(scheduleKey(modelId), schedule),
  });
}

export function useDeleteSchedule(modelId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await monitoringDeleteSchedule({ path: { model_id: modelId }, throwOnError: true });
    },
    onSuccess: () => queryClient.setQueryData(scheduleKey(modelId), null),
  });
}
