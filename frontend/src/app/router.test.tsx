import { render, screen } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { configureApiClient } from '@/lib/api-client';
import { authStore } from '@/lib/auth-store';
import { startApiServer } from '@test/api-server';

import { AppProvider } from './provider';
import { routes } from './router';

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return router;
}

// A new user's API: no datasets yet.
const server = await startApiServer({
  'GET /api/v1/datasets': () => ({
    status: 200,
    body: { items: [], total: 0, offset: 0, limit: 20 },
  }),
  'GET /api/v1/users/me': () => ({
    status: 200,
    body: { id: 'u1', email: 'ada@example.com', full_name: null },
  }),
});
beforeAll(() => configureApiClient({ baseUrl: server.baseUrl }));
afterAll(() => server.close());

// Lazy route chunks compile on first use in the test run, which can take a few seconds.
const LOAD = { timeout: 10_000 };

beforeEach(() => {
  authStore.clear();
  authStore.reload();
});

describe('routes', () => {
  it('sends a signed-out visitor of a protected page to sign in', async () => {
    const router = renderAt('/datasets');
    expect(await screen.findByRole('heading', { name: 'Sign in' }, LOAD)).toBeInTheDocument();
    expect(router.state.location.search).toBe('?next=%2Fdatasets');
  });

  it('opens the dashboard at / for a signed-in user', async () => {
    authStore.setTokens({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 });
    renderAt('/');
    expect(await screen.findByRole('heading', { name: 'Datasets' }, LOAD)).toBeInTheDocument();
    expect(await screen.findByText('Upload your first CSV', {}, LOAD)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Datasets' })).toHaveAttribute('href', '/datasets');
  });

  it('shows the not-found page for an unknown address', async () => {
    renderAt('/no/such/page');
    expect(
      await screen.findByRole('heading', { name: 'Page not found' }, LOAD),
    ).toBeInTheDocument();
  });
});
