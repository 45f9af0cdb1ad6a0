import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';

import { trainingGetTrainingOptions, type MetricOption } from '@/api';

/** The query key of `GET /training/options`: the limits and the metrics' metadata. */
export const TRAINING_OPTIONS_KEY = ['training-options'] as const;

/** The training limits and metric metadata from their one home on the server (never stale). */
export function useTrainingOptions() {
  return useQuery({
    queryKey: TRAINING_OPTIONS_KEY,
    queryFn: async () => (await trainingGetTrainingOptions({ throwOnError: true })).data,
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

/** How metrics are named, explained and ordered, as the server describes them. */
export type MetricCatalog = {
  /** "ROC AUC"; the name made readable until the catalog has loaded. */
  label: (name: string) => string;
  /** One plain sentence, or null for an unknown metric. */
  explanation: (name: string) => string | null;
  /** The metric's direction; `fallback` when the catalog does not know it (yet). */
  greaterIsBetter: (name: string, fallback?: boolean) => boolean;
};

export function metricCatalog(metrics: readonly MetricOption[] = []): MetricCatalog {
  const byName = new Map(metrics.map((m) => [m.name, m]));
  return {
    label: (name) => byName.get(name)?.label ?? name.replace(/_/g, ' '),
    explanation: (name) => byName.get(name)?.explanation ?? null,
    greaterIsBetter: (name, fallback = true) => byName.get(name)?.greater_is_better ?? fallback,
  };
}

/** The metric catalog from `GET /training/options`. */
export function useMetricCatalog(): MetricCatalog {
  const { data } = useTrainingOptions();
  return useMemo(() => metricCatalog(data?.metrics), [data]);
}
