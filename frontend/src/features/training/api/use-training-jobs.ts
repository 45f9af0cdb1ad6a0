import { useQuery } from '@tanstack/react-query';

import { trainingListTrainingJobsOptions } from '@/api/@tanstack/react-query.gen';

import { isTerminal, POLL_INTERVAL_MS } from '../lib/job-status';

/** Your training jobs, newest first; refreshed while any of them is still running. */
export function useTrainingJobs(options: { datasetId?: string; limit?: number } = {}) {
  return useQuery({
    ...trainingListTrainingJobsOptions({
      query: { dataset_id: options.datasetId, limit: options.limit ?? 50 },
    }),
    refetchInterval: (query) =>
      query.state.data?.items.some((job) => !isTerminal(job.status)) ? POLL_INTERVAL_MS * 2 : false,
  });
}
