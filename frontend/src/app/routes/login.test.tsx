import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders } from '@test/render';

import { LoginRoute } from './login';

describe('LoginRoute', () => {
  it('explains that the session expired after a failed refresh', () => {
    renderWithProviders(<LoginRoute />, { route: '/login?next=%2Fdatasets&reason=expired' });
    expect(screen.getByText('Your session expired, please sign in again.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create an account' })).toHaveAttribute(
      'href',
      '/register?next=%2Fdatasets',
    );
  });

  it('says nothing about expiry on a normal visit', () => {
    renderWithProviders(<LoginRoute />, { route: '/login' });
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByText(/session expired/)).not.toBeInTheDocument();
  });
});
