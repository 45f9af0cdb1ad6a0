import { useMutation, useQueryClient } from '@tanstack/react-query';

import { trainingCreateTrainingJob, type TrainingJobCreate } from '@/api';

/** Queues a training job (202) and hands back the job to navigate to. */
export function useCreateTrainingJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: TrainingJobCreate) => {
      const { data } = await trainingCreateTrainingJob({ body, throwOnError: true });
      return data;
    },
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: [{ _id: 'trainingListTrainingJobs' }] }),
  });
}
