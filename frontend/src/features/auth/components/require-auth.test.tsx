import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useLocation } from 'react-router';

import { authStore } from '@/lib/auth-store';
import { renderWithProviders } from '@test/render';

import { RequireAuth } from './require-auth';

function LoginProbe() {
  const location = useLocation();
  return <p>login page {location.search}</p>;
}

const pair = { access_token: 'a1', refresh_token: 'r1', expires_in: 900 };

beforeEach(() => {
  authStore.clear();
  authStore.reload(); // a fresh page load: signed out, with nothing to explain
});

describe('RequireAuth', () => {
  it('shows the page to a signed-in user', () => {
    authStore.setTokens(pair);
    renderWithProviders(<RequireAuth>secret page</RequireAuth>, { route: '/datasets' });
    expect(screen.getByText('secret page')).toBeInTheDocument();
  });

  it('sends a signed-out user to /login with where they were going', () => {
    renderWithProviders(<RequireAuth>secret page</RequireAuth>, {
      route: '/datasets?page=2',
      otherRoutes: { '/login': <LoginProbe /> },
    });
    expect(screen.queryByText('secret page')).not.toBeInTheDocument();
    expect(screen.getByText(/login page/)).toHaveTextContent('?next=%2Fdatasets%3Fpage%3D2');
  });

  it('after an explicit sign-out goes to the plain login page', () => {
    authStore.setTokens(pair);
    authStore.clear('signed_out');
    renderWithProviders(<RequireAuth>secret page</RequireAuth>, {
      route: '/datasets',
      otherRoutes: { '/login': <LoginProbe /> },
    });
    expect(screen.getByText(/login page/)).toHaveTextContent(/^login page$/);
  });

  it('says why when the session expired', () => {
    authStore.setTokens(pair);
    authStore.clear('expired');
    renderWithProviders(<RequireAuth>secret page</RequireAuth>, {
      route: '/datasets',
      otherRoutes: { '/login': <LoginProbe /> },
    });
    expect(screen.getByText(/login page/)).toHaveTextContent('reason=expired');
  });
});
