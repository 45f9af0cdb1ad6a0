import type { UploadRead } from '@/api';
import { formatBytes } from '@/lib/formatters';

/** A fresh id for `POST /datasets?upload_id=`: 32 lowercase hex digits (a UUID4 without dashes). */
export function newUploadId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

const PHASE_LABELS: Record<UploadRead['phase'], string> = {
  receiving: 'Receiving the file',
  read: 'Reading rows and detecting column types',
  reread: 'Reading again with the widened column types',
  analyze: 'Analysing the columns',
  store: 'Saving version 1',
  done: 'Done',
};

/** What the server is doing with an upload, for a person: "Reading rows … (12.0 MB)". */
export function describeUploadPhase(upload: Pick<UploadRead, 'phase' | 'bytes_received'>): string {
  const label = PHASE_LABELS[upload.phase];
  return upload.phase === 'receiving' || upload.bytes_received <= 0
    ? label
    : `${label} (${formatBytes(upload.bytes_received)})`;
}
