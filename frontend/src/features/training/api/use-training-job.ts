import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { trainingCancelTrainingJob } from '@/api';
import {
  trainingGetTrainingJobOptions,
  trainingGetTrainingJobQueryKey,
} from '@/api/@tanstack/react-query.gen';

import { isTerminal, POLL_INTERVAL_MS } from '../lib/job-status';

/** One training job, polled while it is queued or running. */
export function useTrainingJob(jobId: string) {
  return useQuery({
    ...trainingGetTrainingJobOptions({ path: { job_id: jobId } }),
    staleTime: 0,
    refetchInterval: (query) => {
      const data = query.state.data;
      return data && isTerminal(data.status) ? false : POLL_INTERVAL_MS;
    },
  });
}

/** Asks the server to cancel a job; the polled job then shows "cancelled". */
export function useCancelTrainingJob(jobId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const { data } = await trainingCancelTrainingJob({
        path: { job_id: jobId },
        throwOnError: true,
      });
      return data;
    },
    onSuccess: (job) => {
      queryClient.setQueryData(trainingGetTrainingJobQueryKey({ path: { job_id: jobId } }), job);
      void queryClient.invalidateQueries({ queryKey: [{ _id: 'trainingListTrainingJobs' }] });
    },
  });
}
