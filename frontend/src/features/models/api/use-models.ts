import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { modelsExportModelVersion, modelsSetModelAlias, type AliasUpdate } from '@/api';
import {
  modelsGetModelOptions,
  modelsGetModelQueryKey,
  modelsGetModelVersionOptions,
  modelsListModelsOptions,
} from '@/api/@tanstack/react-query.gen';
import { saveBlob } from '@/lib/save-blob';

export function useModels() {
  return useQuery(modelsListModelsOptions({ query: { limit: 200 } }));
}

export function useModel(modelId: string) {
  return useQuery(modelsGetModelOptions({ path: { model_id: modelId } }));
}

export function useModelVersion(modelId: string, version: number) {
  return useQuery(modelsGetModelVersionOptions({ path: { model_id: modelId, version } }));
}

export type AliasChange = { alias: 'champion' | 'challenger' } & AliasUpdate;

/** Moves champion or challenger to a version; the answer is the updated model. */
export function useSetAlias(modelId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ alias, version, reason }: AliasChange) => {
      const { data } = await modelsSetModelAlias({
        path: { model_id: modelId, alias },
        body: { version, reason },
        throwOnError: true,
      });
      return data;
    },
    onSuccess: (model) => {
      queryClient.setQueryData(modelsGetModelQueryKey({ path: { model_id: modelId } }), model);
      void queryClient.invalidateQueries({ queryKey: [{ _id: 'modelsListModels' }] });
    },
  });
}

/** Downloads a version's MLflow model directory as a zip. */
export function useExportVersion(modelId: string, modelName: string) {
  return useMutation({
    mutationFn: async (version: number) => {
      const { data } = await modelsExportModelVersion({
        path: { model_id: modelId, version },
        parseAs: 'blob',
        throwOnError: true,
      });
      saveBlob(data as Blob, `${modelName}-v${version}.zip`);
    },
  });
}
