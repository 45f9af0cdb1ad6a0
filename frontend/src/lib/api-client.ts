import { client } from '@/api/client.gen';

import { toApiError } from './api-error';
import { authFetch, getAccessToken, setRefreshBaseUrl } from './session';

let errorInterceptorInstalled = false;

/**
 * Points the generated client at the API and installs auth and error handling:
 * bearer token from the session, one silent refresh on 401, every error as an ApiError.
 * `baseUrl` is empty in the app (same origin; Vite proxies /api in development).
 */
export function configureApiClient(options: { baseUrl?: string } = {}): void {
  const baseUrl = options.baseUrl ?? '';
  setRefreshBaseUrl(baseUrl);
  client.setConfig({
    baseUrl,
    auth: () => getAccessToken(),
    fetch: authFetch,
  });
  if (!errorInterceptorInstalled) {
    client.interceptors.error.use((error, response) => toApiError(error, response));
    errorInterceptorInstalled = true;
  }
}
