import { useQuery } from '@tanstack/react-query';

import { datasetsGetVersion, type ColumnUnit } from '@/api';

type TrainedOn = { dataset_id: string | null; dataset_version: number | null } | undefined;

/**
 * The units (currency sign, percent) of the columns a model version was trained on, by name, read
 * from the dataset version it learned from. Empty when that version is gone or had no units.
 */
export function useColumnUnits(version: TrainedOn): Record<string, ColumnUnit> {
  const datasetId = version?.dataset_id ?? null;
  const number = version?.dataset_version ?? null;
  const query = useQuery({
    queryKey: ['column-units', datasetId, number],
    enabled: datasetId !== null && number !== null,
    retry: false,
    staleTime: Infinity, // a version never changes
    queryFn: async () => {
      const { data } = await datasetsGetVersion({
        path: { dataset_id: datasetId ?? '', number: number ?? 0 },
        throwOnError: true,
      });
      const units: Record<string, ColumnUnit> = {};
      for (const column of data.columns_summary) {
        if (column.unit) units[column.name] = column.unit;
      }
      return units;
    },
  });
  return query.data ?? {};
}
