import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { configureApiClient } from '@/lib/api-client';
import { apiError, startApiServer, type Handler } from '@test/api-server';
import { renderWithProviders } from '@test/render';

import { RegisterForm } from './register-form';

let registerHandler: Handler = () => ({ status: 500 });
const server = await startApiServer({ 'POST /api/v1/auth/register': (r) => registerHandler(r) });

beforeAll(() => configureApiClient({ baseUrl: server.baseUrl }));
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

async function fill(values: { email?: string; password?: string; confirm?: string }) {
  const user = userEvent.setup();
  if (values.email) await user.type(screen.getByLabelText('Email', { exact: false }), values.email);
  if (values.password) {
    await user.type(screen.getByLabelText(/^Password/), values.password);
  }
  if (values.confirm) await user.type(screen.getByLabelText(/^Confirm password/), values.confirm);
  await user.click(screen.getByRole('button', { name: 'Create account' }));
}

describe('RegisterForm', () => {
  it('applies the password policy before sending anything', async () => {
    renderWithProviders(<RegisterForm onSuccess={vi.fn()} />);
    await fill({ email: 'ada@example.com', password: '12345678', confirm: '12345679' });

    expect(await screen.findByText('Use more than digits only')).toBeInTheDocument();
    expect(screen.getByText('Passwords do not match')).toBeInTheDocument();
    expect(server.requests).toHaveLength(0);
  });

  it('sends the account and reports the registered email', async () => {
    registerHandler = (r) => ({
      status: 201,
      body: { id: 'u1', ...JSON.parse(r.body), role: 'user', created_at: '2026-01-01T00:00:00Z' },
    });
    const onSuccess = vi.fn();
    renderWithProviders(<RegisterForm onSuccess={onSuccess} />);
    await fill({ email: 'ada@example.com', password: 'correct horse', confirm: 'correct horse' });

    await waitFor(() => expect(onSuccess).toHaveBeenCalledWith('ada@example.com'));
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toEqual({
      email: 'ada@example.com',
      password: 'correct horse',
      full_name: null,
    });
  });

  it('shows a taken email under the email field', async () => {
    registerHandler = () => apiError(409, 'email_taken', 'This email is already registered');
    renderWithProviders(<RegisterForm onSuccess={vi.fn()} />);
    await fill({ email: 'ada@example.com', password: 'correct horse', confirm: 'correct horse' });

    const email = screen.getByLabelText('Email', { exact: false });
    await waitFor(() => expect(email).toHaveAccessibleDescription(/already registered/));
  });

  it('shows the server policy message under the password field', async () => {
    registerHandler = () =>
      apiError(422, 'validation_error', 'Invalid input', [
        {
          loc: ['body', 'password'],
          msg: 'Value error, Password is too common',
          type: 'value_error',
        },
      ]);
    renderWithProviders(<RegisterForm onSuccess={vi.fn()} />);
    await fill({ email: 'ada@example.com', password: 'password1', confirm: 'password1' });

    expect(await screen.findByText('Password is too common')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
