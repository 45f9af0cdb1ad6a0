import { toApiError } from './api-error';
import { getAccessToken, refreshAccessToken } from './session';

export type UploadProgress = { loaded: number; total: number };

type UploadOptions = {
  url: string;
  form: FormData;
  onProgress?: (progress: UploadProgress) => void;
  /** Called once every byte left the browser (the server may still be working). */
  onUploaded?: () => void;
  signal?: AbortSignal;
};

type RawResponse = { status: number; body: unknown; headers: Headers };

function parseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const at = line.indexOf(':');
    if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return headers;
}

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function send(options: UploadOptions, token: string | undefined): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', options.url);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable)
        options.onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.upload.onload = () => options.onUploaded?.();
    xhr.onload = () =>
      resolve({
        status: xhr.status,
        body: parseBody(xhr.responseText),
        headers: parseHeaders(xhr.getAllResponseHeaders()),
      });
    xhr.onerror = () => reject(toApiError(new TypeError('upload failed')));
    xhr.onabort = () => reject(toApiError(new DOMException('aborted', 'AbortError')));
    const abort = () => xhr.abort();
    if (options.signal?.aborted) {
      abort();
      return;
    }
    options.signal?.addEventListener('abort', abort, { once: true });
    xhr.send(options.form);
  });
}

/**
 * POSTs a multipart form with real upload progress (fetch cannot report it), carrying the
 * session's bearer token and refreshing it once on a 401 like every other API call.
 * Resolves to the parsed JSON body; rejects with an ApiError carrying the server's message.
 */
export async function uploadWithProgress<T>(options: UploadOptions): Promise<T> {
  const token = await getAccessToken();
  let response = await send(options, token);
  if (response.status === 401 && token) {
    const fresh = await refreshAccessToken();
    if (fresh) {
      options.onProgress?.({ loaded: 0, total: 1 });
      response = await send(options, fresh);
    }
  }
  if (response.status >= 200 && response.status < 300) return response.body as T;
  throw toApiError(
    response.body,
    new Response(null, { status: response.status, headers: response.headers }),
  );
}
