import { useQuery } from '@tanstack/react-query';

import { modelsGetModel, trainingGetTrainingJob } from '@/api';

/** What "Train a new version" of a model starts from: its champion's target and settings. */
export type RetrainDefaults = {
  modelName: string;
  datasetId: string | null;
  target: string;
  features: string[] | null;
  budgetSeconds: number | null;
  algorithms: string[];
  metric: string | null;
  folds: number | null;
  seed: number | null;
};

/** The model's champion (else newest) version and the training job that made it. */
export function useRetrainDefaults(modelId: string | undefined) {
  return useQuery({
    queryKey: ['retrain-defaults', modelId],
    enabled: Boolean(modelId),
    staleTime: 60_000,
    queryFn: async ({ signal }): Promise<RetrainDefaults> => {
      const { data: model } = await modelsGetModel({
        path: { model_id: modelId ?? '' },
        signal,
        throwOnError: true,
      });
      const version =
        model.versions.find((v) => v.aliases.includes('champion')) ?? model.versions[0];
      const defaults: RetrainDefaults = {
        modelName: model.name,
        datasetId: version?.dataset_id ?? null,
        target: version?.target ?? '',
        features: null,
        budgetSeconds: null,
        algorithms: [],
        metric: model.metric,
        folds: null,
        seed: null,
      };
      if (!version?.training_job_id) return defaults;
      const job = await trainingGetTrainingJob({
        path: { job_id: version.training_job_id },
        signal,
      });
      const config = job.data?.config;
      if (!config) return defaults;
      return {
        ...defaults,
        features: config.features ?? null,
        budgetSeconds: config.time_budget_s,
        algorithms: config.algorithms ?? [],
        metric: config.metric ?? defaults.metric,
        folds: config.folds,
        seed: config.seed,
      };
    },
  });
}
