import { datasetsGetUpload, type UploadRead } from '@/api';

type FollowOptions = {
  uploadId: string;
  onUpdate: (upload: UploadRead) => void;
  signal: AbortSignal;
  intervalMs?: number;
};

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Polls `GET /uploads/{id}` while the upload request runs, until `signal` aborts or the upload
 * has finished. A failed poll (the row may not exist for the first few milliseconds) is skipped:
 * the upload request itself carries the real outcome.
 */
export async function followUpload({
  uploadId,
  onUpdate,
  signal,
  intervalMs = 400,
}: FollowOptions): Promise<void> {
  while (!signal.aborted) {
    const { data } = await datasetsGetUpload({ path: { upload_id: uploadId } }).catch(() => ({
      data: undefined,
    }));
    if (signal.aborted) return;
    if (data) {
      onUpdate(data);
      if (data.status === 'succeeded' || data.status === 'failed') return;
    }
    await sleep(intervalMs, signal);
  }
}
