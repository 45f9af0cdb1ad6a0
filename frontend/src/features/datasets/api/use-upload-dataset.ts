import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import type { DatasetDetail } from '@/api';
import { client } from '@/api/client.gen';
import type { ApiError } from '@/lib/api-error';
import { uploadWithProgress } from '@/lib/xhr-upload';

/** Where an upload is: sending bytes (with a share 0..1), then the server reading the CSV. */
export type UploadPhase =
  { stage: 'idle' } | { stage: 'sending'; share: number } | { stage: 'processing' };

export type UploadInput = { file: File; name?: string };

/** Uploads a CSV with real progress, then waits while the server ingests it. */
export function useUploadDataset() {
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<UploadPhase>({ stage: 'idle' });
  const mutation = useMutation<DatasetDetail, ApiError, UploadInput>({
    mutationFn: ({ file, name }) => {
      const form = new FormData();
      form.append('file', file);
      if (name?.trim()) form.append('name', name.trim());
      setPhase({ stage: 'sending', share: 0 });
      return uploadWithProgress<DatasetDetail>({
        url: `${client.getConfig().baseUrl ?? ''}/api/v1/datasets`,
        form,
        onProgress: ({ loaded, total }) =>
          setPhase({ stage: 'sending', share: total > 0 ? loaded / total : 0 }),
        onUploaded: () => setPhase({ stage: 'processing' }),
      });
    },
    onSettled: async () => {
      setPhase({ stage: 'idle' });
      await queryClient.invalidateQueries({
        predicate: (query) =>
          (query.queryKey[0] as { _id?: string } | undefined)?._id === 'datasetsListDatasets',
      });
    },
  });
  return { ...mutation, phase };
}
