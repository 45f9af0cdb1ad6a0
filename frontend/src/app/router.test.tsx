import { render, screen } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';

import { authStore } from '@/lib/auth-store';

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

beforeEach(() => {
  authStore.clear();
  authStore.reload();
});

describe('routes', () => {
  it('sends a signed-out visitor of a protected page to sign in', async () => {
    const router = renderAt('/datasets');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.search).toBe('?next=%2Fdatasets');
  });

  it('opens the dashboard at / for a signed-in user', async () => {
    authStore.setTokens({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 });
    renderAt('/');
    expect(await screen.findByRole('heading', { name: 'Datasets' })).toBeInTheDocument();
    expect(screen.getByText('Upload your first CSV')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Datasets' })).toHaveAttribute('href', '/datasets');
  });

  it('shows the not-found page for an unknown address', async () => {
    renderAt('/no/such/page');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});
