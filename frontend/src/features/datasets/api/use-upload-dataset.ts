import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import type { DatasetDetail, UploadRead } from '@/api';
import { client } from '@/api/client.gen';
import type { ApiError } from '@/lib/api-error';
import { uploadWithProgress } from '@/lib/xhr-upload';

import { newUploadId } from '../lib/upload-progress';
import { followUpload } from './follow-upload';

/**
 * Where an upload is: sending bytes (with a share 0..1), then the server reading the CSV, with
 * the server's own progress once it has reported some.
 */
export type UploadPhase =
  | { stage: 'idle' }
  | { stage: 'sending'; share: number }
  | { stage: 'processing'; server: UploadRead | null };

export type UploadInput = { file: File; name?: string };

/** Uploads a CSV with real progress, then follows the server's ingest progress until it answers. */
export function useUploadDataset() {
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<UploadPhase>({ stage: 'idle' });
  const mutation = useMutation<DatasetDetail, ApiError, UploadInput>({
    mutationFn: async ({ file, name }) => {
      const form = new FormData();
      form.append('file', file);
      if (name?.trim()) form.append('name', name.trim());
      const uploadId = newUploadId();
      const following = new AbortController();
      setPhase({ stage: 'sending', share: 0 });
      try {
        return await uploadWithProgress<DatasetDetail>({
          url: `${client.getConfig().baseUrl ?? ''}/api/v1/datasets?upload_id=${uploadId}`,
          form,
          onProgress: ({ loaded, total }) =>
            setPhase({ stage: 'sending', share: total > 0 ? loaded / total : 0 }),
          onUploaded: () => {
            setPhase({ stage: 'processing', server: null });
            void followUpload({
              uploadId,
              signal: following.signal,
              onUpdate: (server) => setPhase({ stage: 'processing', server }),
            });
          },
        });
      } finally {
        following.abort();
      }
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
