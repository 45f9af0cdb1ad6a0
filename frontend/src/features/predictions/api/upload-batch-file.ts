import type { BatchJobRead } from '@/api';
import { client } from '@/api/client.gen';
import { toApiError } from '@/lib/api-error';
import { getAccessToken } from '@/lib/session';

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Uploads a CSV to score (multipart) with upload progress, which fetch cannot report.
 * Resolves to the queued batch job; rejects with an ApiError carrying the server's message.
 */
export async function uploadBatchFile(
  modelId: string,
  file: File,
  version: number | null,
  onProgress: (share: number) => void,
): Promise<BatchJobRead> {
  const token = await getAccessToken();
  const form = new FormData();
  form.append('file', file);
  if (version !== null) form.append('version', String(version));
  const url = `${client.getConfig().baseUrl ?? ''}/api/v1/models/${encodeURIComponent(modelId)}/batch-predictions/upload`;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as BatchJobRead);
      else reject(toApiError(body, new Response(null, { status: xhr.status })));
    };
    xhr.onerror = () => reject(toApiError(new TypeError('upload failed')));
    xhr.send(form);
  });
}
