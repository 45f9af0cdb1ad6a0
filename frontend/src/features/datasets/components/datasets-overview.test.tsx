import { screen } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { apiError, startApiServer } from '@test/api-server';
import { renderWithProviders } from '@test/render';
import { configureApiClient } from '@/lib/api-client';
import { authStore } from '@/lib/auth-store';

import { DatasetsOverview } from './datasets-overview';

const dataset = {
  id: 'd1',
  name: 'customers',
  original_filename: 'customers.csv',
  size_bytes: 18_432,
  current_version: 3,
  versions_count: 3,
  rows: 1_250,
  columns: 8,
  created_at: '2026-03-01T12:00:00Z',
  updated_at: '2026-03-02T08:30:00Z',
};

let answer: () => { status: number; body?: unknown } = () => ({ status: 200 });
const server = await startApiServer({ 'GET /api/v1/datasets': () => answer() });

beforeAll(() => configureApiClient({ baseUrl: server.baseUrl }));
afterAll(() => server.close());
beforeEach(() => authStore.setTokens({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 }));

describe('DatasetsOverview', () => {
  it('lists datasets with their shape and a link to each', async () => {
    answer = () => ({ status: 200, body: { items: [dataset], total: 1, offset: 0, limit: 20 } });
    renderWithProviders(<DatasetsOverview />, { route: '/datasets' });

    const link = await screen.findByRole('link', { name: 'customers' });
    expect(link).toHaveAttribute('href', '/datasets/d1');
    const row = link.closest('tr');
    expect(row).toHaveTextContent('1,250');
    expect(row).toHaveTextContent('18 KB');
    expect(screen.queryByText('Upload your first CSV')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Choose CSV file' })).toBeEnabled();
  });

  it('shows the empty state to a new user', async () => {
    answer = () => ({ status: 200, body: { items: [], total: 0, offset: 0, limit: 20 } });
    renderWithProviders(<DatasetsOverview />, { route: '/datasets' });
    expect(await screen.findByText('Upload your first CSV')).toBeInTheDocument();
  });

  it("shows the server's message when the list cannot load", async () => {
    answer = () => apiError(403, 'account_disabled', 'Your account is disabled.');
    renderWithProviders(<DatasetsOverview />, { route: '/datasets' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Your account is disabled.');
  });
});
