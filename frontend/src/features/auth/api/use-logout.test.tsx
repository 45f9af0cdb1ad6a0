import { QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { configureApiClient } from '@/lib/api-client';
import { authStore } from '@/lib/auth-store';
import { createQueryClient } from '@/lib/query-client';
import { apiError, startApiServer, type Handler } from '@test/api-server';

import { useLogout } from './use-logout';

let logoutHandler: Handler = () => ({ status: 204 });
const server = await startApiServer({ 'POST /api/v1/auth/logout': (r) => logoutHandler(r) });

beforeAll(() => configureApiClient({ baseUrl: server.baseUrl }));
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  authStore.setTokens({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 });
});

function renderLogout() {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['me'], { email: 'ada@example.com' });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  return { ...renderHook(() => useLogout(), { wrapper }), queryClient };
}

describe('useLogout', () => {
  it('revokes the sign-in on the server, then forgets the session and cached data', async () => {
    const { result, queryClient } = renderLogout();
    await act(() => result.current.mutateAsync());

    const sent = server.requests[0];
    expect(sent?.headers.authorization).toBe('Bearer a1');
    expect(sent?.body ?? '').toBe(''); // the refresh token travels in the httpOnly cookie
    expect(authStore.getState()).toEqual({ status: 'anonymous', endedBy: 'signed_out' });
    expect(queryClient.getQueryData(['me'])).toBeUndefined();
  });

  it('signs out locally even when the server refuses', async () => {
    logoutHandler = () => apiError(500, 'internal_error', 'Something broke');
    const { result } = renderLogout();
    await act(() => result.current.mutateAsync());

    expect(authStore.hasSession()).toBe(false);
    expect(authStore.getState().status).toBe('anonymous');
  });
});
