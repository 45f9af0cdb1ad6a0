import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { configureApiClient } from '@/lib/api-client';
import { authStore } from '@/lib/auth-store';
import { apiError, startApiServer, type Handler } from '@test/api-server';
import { renderWithProviders } from '@test/render';

import { LoginForm } from './login-form';

let loginHandler: Handler = () => ({ status: 500 });
const server = await startApiServer({ 'POST /api/v1/auth/login': (r) => loginHandler(r) });

beforeAll(() => configureApiClient({ baseUrl: server.baseUrl }));
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  authStore.clear();
});

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup();
  if (email) await user.type(screen.getByLabelText('Email', { exact: false }), email);
  if (password) await user.type(screen.getByLabelText(/^Password/), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginForm', () => {
  it('explains what is missing and sends nothing', async () => {
    renderWithProviders(<LoginForm onSuccess={vi.fn()} />);
    await fillAndSubmit('', '');

    expect(await screen.findByText('Enter your email address')).toBeInTheDocument();
    expect(screen.getByText('Enter your password')).toBeInTheDocument();
    expect(server.requests).toHaveLength(0);
  });

  it('posts the OAuth2 form, stores the tokens and reports success', async () => {
    loginHandler = () => ({
      status: 200,
      body: { access_token: 'a1', refresh_token: 'r1', token_type: 'bearer', expires_in: 900 },
    });
    const onSuccess = vi.fn();
    renderWithProviders(<LoginForm onSuccess={onSuccess} />);
    await fillAndSubmit('ada@example.com', 'correct horse');

    await waitFor(() => expect(onSuccess).toHaveBeenCalledOnce());
    const sent = server.requests[0];
    expect(sent?.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
    expect(new URLSearchParams(sent?.body).get('username')).toBe('ada@example.com');
    expect(authStore.getAccessToken()).toBe('a1');
  });

  it('shows the server message for wrong credentials', async () => {
    loginHandler = () => apiError(401, 'invalid_credentials', 'Incorrect email or password');
    renderWithProviders(<LoginForm onSuccess={vi.fn()} />);
    await fillAndSubmit('ada@example.com', 'wrong password');

    expect(await screen.findByRole('alert')).toHaveTextContent('Incorrect email or password');
    expect(authStore.getState().status).toBe('anonymous');
  });

  it('tells how long to wait when throttled', async () => {
    loginHandler = () => ({
      ...apiError(429, 'too_many_attempts', 'Too many sign-in attempts.'),
      headers: { 'Retry-After': '42' },
    });
    renderWithProviders(<LoginForm onSuccess={vi.fn()} />);
    await fillAndSubmit('ada@example.com', 'wrong password');

    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 42 seconds.');
  });
});
