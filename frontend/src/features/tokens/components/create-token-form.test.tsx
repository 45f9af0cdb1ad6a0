import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { configureApiClient } from '@/lib/api-client';
import { startApiServer } from '@test/api-server';
import { renderWithProviders } from '@test/render';

import { CreateTokenForm } from './create-token-form';

const server = await startApiServer({
  'POST /api/v1/tokens': (r) => ({
    status: 201,
    body: {
      id: 't1',
      name: JSON.parse(r.body).name,
      prefix: 'csa_abcd',
      created_at: '2026-01-01T00:00:00Z',
      expires_at: null,
      last_used_at: null,
      revoked_at: null,
      token: 'csa_abcd_secret_value',
    },
  }),
  'GET /api/v1/tokens': () => ({ status: 200, body: [] }),
});
beforeAll(() => configureApiClient({ baseUrl: server.baseUrl }));
afterAll(() => server.close());

describe('CreateTokenForm', () => {
  it('shows the secret once, with a copy button, until dismissed', async () => {
    renderWithProviders(<CreateTokenForm />);
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: /Name/ }), 'nightly job');
    await user.click(screen.getByRole('button', { name: 'Create token' }));

    expect(await screen.findByLabelText('New token secret')).toHaveTextContent(
      'csa_abcd_secret_value',
    );
    expect(screen.getByText('Copy it now: this is the only time it is shown.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy' })).toBeInTheDocument();
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      name: 'nightly job',
      expires_in_days: 90,
    });

    await user.click(screen.getByRole('button', { name: 'I stored it, hide it' }));
    expect(screen.queryByLabelText('New token secret')).not.toBeInTheDocument();
  });
});
