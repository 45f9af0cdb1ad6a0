import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { authLogin, usersReadMe } from '@/api';
import { apiError, startApiServer, type RecordedRequest } from '@test/api-server';

import { configureApiClient } from './api-client';
import { ApiError } from './api-error';
import { authStore, LEGACY_REFRESH_TOKEN_KEY, SIGNED_IN_KEY } from './auth-store';

// A miniature auth server: access tokens can be "expired" server-side, refresh tokens rotate.
// Node's fetch keeps no cookies, so `cookie` plays the browser's jar for the httpOnly cookie.
let issued = 0;
const validAccess = new Set<string>();
const validRefresh = new Set<string>();
let meAlways401 = false;
let cookie: string | null = null;
let rotatedOnce = false;

function issuePair() {
  issued += 1;
  const pair = {
    access_token: `access-${issued}`,
    refresh_token: `refresh-${issued}`,
    token_type: 'bearer' as const,
    expires_in: 900,
  };
  validAccess.add(pair.access_token);
  validRefresh.add(pair.refresh_token);
  cookie = pair.refresh_token; // login and refresh set the cookie
  return pair;
}

const bearer = (r: RecordedRequest) => (r.headers.authorization ?? '').replace(/^Bearer /, '');
const user = {
  id: 'u1',
  email: 'ada@example.com',
  full_name: null,
  role: 'user',
  created_at: '2026-01-01T00:00:00Z',
};

const server = await startApiServer({
  'GET /api/v1/users/me': (r) =>
    !meAlways401 && validAccess.has(bearer(r))
      ? { status: 200, body: user }
      : apiError(401, 'invalid_token', 'Invalid or expired token'),
  'POST /api/v1/auth/refresh': (r) => {
    if (rotatedOnce) {
      rotatedOnce = false;
      return apiError(401, 'token_rotated', 'Replaced by a newer one: retry');
    }
    const fromBody = r.body
      ? (JSON.parse(r.body) as { refresh_token: string }).refresh_token
      : null;
    if (!validRefresh.delete(fromBody ?? cookie ?? '')) {
      return apiError(401, 'invalid_token', 'Refresh token is invalid or revoked');
    }
    const pair = issuePair();
    return { status: 200, body: fromBody ? pair : { ...pair, refresh_token: null } };
  },
  'POST /api/v1/auth/login': () =>
    apiError(401, 'invalid_credentials', 'Incorrect email or password'),
});

beforeAll(() => configureApiClient({ baseUrl: server.baseUrl }));
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  validAccess.clear();
  validRefresh.clear();
  meAlways401 = false;
  cookie = null;
  rotatedOnce = false;
  authStore.clear();
});

describe('authenticated requests', () => {
  it('sends the access token as a bearer header', async () => {
    const pair = issuePair();
    authStore.setTokens(pair);
    const { data } = await usersReadMe();
    expect(data?.email).toBe('ada@example.com');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${pair.access_token}`);
  });

  it('refreshes once on 401 and replays the request with the new token', async () => {
    authStore.setTokens(issuePair());
    validAccess.clear(); // the server considers the access token expired

    const { data, error } = await usersReadMe();

    expect(error).toBeUndefined();
    expect(data?.email).toBe('ada@example.com');
    expect(server.count('POST', '/api/v1/auth/refresh')).toBe(1);
    expect(server.count('GET', '/api/v1/users/me')).toBe(2);
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer access-' + issued);
    expect(cookie).toBe(`refresh-${issued}`); // rotated, in the cookie
    expect(server.requests.find((r) => r.path === '/api/v1/auth/refresh')?.body ?? '').toBe('');
  });

  it('shares one refresh between concurrent requests that hit 401', async () => {
    authStore.setTokens(issuePair());
    validAccess.clear();

    const results = await Promise.all([usersReadMe(), usersReadMe(), usersReadMe()]);

    expect(results.every((r) => r.data?.email === 'ada@example.com')).toBe(true);
    expect(server.count('POST', '/api/v1/auth/refresh')).toBe(1);
  });

  it('does not loop when the replayed request is rejected again', async () => {
    authStore.setTokens(issuePair());
    meAlways401 = true;

    const { error } = await usersReadMe();

    expect(error).toBeInstanceOf(ApiError);
    expect(server.count('POST', '/api/v1/auth/refresh')).toBe(1);
    expect(server.count('GET', '/api/v1/users/me')).toBe(2);
  });

  it('ends the session as expired when the refresh token is rejected', async () => {
    authStore.setTokens(issuePair());
    validAccess.clear();
    validRefresh.clear(); // revoked server-side

    const { error } = await usersReadMe();

    expect(error).toBeInstanceOf(ApiError);
    expect((error as unknown as ApiError).status).toBe(401);
    expect(authStore.getState()).toEqual({ status: 'anonymous', endedBy: 'expired' });
    expect(window.localStorage.getItem(SIGNED_IN_KEY)).toBeNull();
  });

  it('retries once when another tab renewed the cookie first', async () => {
    authStore.setTokens(issuePair());
    validAccess.clear();
    rotatedOnce = true;

    const { data } = await usersReadMe();

    expect(data?.email).toBe('ada@example.com');
    expect(server.count('POST', '/api/v1/auth/refresh')).toBe(2);
    expect(authStore.getState().status).toBe('authenticated');
  });

  it('moves a refresh token stored by an earlier release to the cookie', async () => {
    const pair = issuePair();
    cookie = null; // that release never had the cookie
    window.localStorage.setItem(LEGACY_REFRESH_TOKEN_KEY, pair.refresh_token);
    authStore.reload();

    const { data } = await usersReadMe();

    expect(data?.email).toBe('ada@example.com');
    const sent = server.requests.find((r) => r.path === '/api/v1/auth/refresh');
    expect(JSON.parse(sent?.body ?? '{}')).toEqual({ refresh_token: pair.refresh_token });
    expect(window.localStorage.getItem(LEGACY_REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('after a reload, refreshes from the cookie before the first call', async () => {
    issuePair();
    window.localStorage.setItem(SIGNED_IN_KEY, '1');
    authStore.reload(); // what a fresh page load sees: no access token in memory

    const { data } = await usersReadMe();

    expect(data?.email).toBe('ada@example.com');
    expect(server.count('POST', '/api/v1/auth/refresh')).toBe(1);
    expect(server.count('GET', '/api/v1/users/me')).toBe(1);
    expect(authStore.getState().status).toBe('authenticated');
  });
});

describe('error normalisation', () => {
  it('turns the error envelope into an ApiError without trying to refresh', async () => {
    authStore.setTokens(issuePair());

    const { error } = await authLogin({ body: { username: 'ada@example.com', password: 'nope' } });

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'invalid_credentials',
      message: 'Incorrect email or password',
      status: 401,
    });
    expect(server.count('POST', '/api/v1/auth/refresh')).toBe(0);
  });

  it('reports an unreachable server as network_error', async () => {
    const down = await startApiServer({});
    await down.close();
    configureApiClient({ baseUrl: down.baseUrl });
    try {
      const { error } = await usersReadMe();
      expect(error).toMatchObject({ code: 'network_error' });
    } finally {
      configureApiClient({ baseUrl: server.baseUrl });
    }
  });
});
