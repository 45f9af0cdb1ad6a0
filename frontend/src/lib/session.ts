import { authRefresh } from '@/api';
import { createClient, createConfig } from '@/api/client';

import { ApiError, toApiError } from './api-error';
import { authStore } from './auth-store';

// A bare client for the refresh call: it must not go through the 401 handling it serves.
const refreshClient = createClient(createConfig());

export function setRefreshBaseUrl(baseUrl: string): void {
  refreshClient.setConfig({ baseUrl });
}

let inflight: Promise<string | null> | null = null;

/** Renews the session from the httpOnly cookie (or, once, from a token an earlier release kept). */
async function exchange(retried = false): Promise<string | null> {
  const legacy = authStore.legacyRefreshToken();
  const { data, error, response } = await authRefresh({
    client: refreshClient,
    credentials: 'same-origin',
    ...(legacy ? { body: { refresh_token: legacy } } : {}),
  });
  if (data) {
    authStore.setTokens(data);
    return data.access_token;
  }
  if (!response) throw toApiError(error);
  if (response.status >= 500) throw toApiError(error, response);
  // Another tab renewed the cookie a moment before us: the browser now holds the newer one.
  if (!retried && toApiError(error, response).code === 'token_rotated') return exchange(true);
  authStore.clear('expired');
  return null;
}

/** Runs `task` while no other tab of this browser refreshes (where the browser can tell). */
function oneTabAtATime<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('csv-analyzer.refresh', task) : task();
}

/**
 * Exchanges the session cookie for a new access token (the server rotates the cookie).
 * Concurrent callers share one request, so rotation never races with itself.
 * Resolves to the new access token, or null when the session is over (the store is then cleared
 * as 'expired'). Throws an ApiError on network or server failure, leaving the session intact.
 */
export function refreshAccessToken(): Promise<string | null> {
  if (!inflight) {
    if (!authStore.hasSession()) return Promise.resolve(null);
    inflight = oneTabAtATime(() => exchange()).finally(() => {
      inflight = null;
    });
  }
  return inflight;
}

/** The token the generated client puts in `Authorization` for secured operations. */
export async function getAccessToken(): Promise<string | undefined> {
  const current = authStore.getAccessToken();
  if (current) return current;
  if (!authStore.hasSession()) return undefined;
  return (await refreshAccessToken()) ?? undefined;
}

function bearerOf(request: Request): string | null {
  const header = request.headers.get('Authorization');
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
}

/**
 * fetch for the generated client: on a 401 to an authenticated request, refresh once and replay
 * the request once with the new token. A second 401 is returned as is (no loops).
 */
export async function authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request && !init ? input : new Request(input, init);
  const usedToken = bearerOf(request);
  const replay = usedToken ? request.clone() : null;
  const response = await globalThis.fetch(request);
  if (response.status !== 401 || !replay || !usedToken) return response;

  let token: string | null;
  const current = authStore.getAccessToken();
  if (current && current !== usedToken) {
    token = current; // someone else already refreshed while this request was in flight
  } else {
    try {
      token = await refreshAccessToken();
    } catch (error) {
      if (error instanceof ApiError) return response;
      throw error;
    }
  }
  if (!token) return response;
  const headers = new Headers(replay.headers);
  headers.set('Authorization', `Bearer ${token}`);
  return globalThis.fetch(new Request(replay, { headers }));
}
