import { screen } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { ScheduleRead } from '@/api';
import { startApiServer } from '@test/api-server';
import { renderWithProviders } from '@test/render';
import { configureApiClient } from '@/lib/api-client';
import { authStore } from '@/lib/auth-store';

import { ScheduleForm } from './schedule-form';

const SAVED: ScheduleRead = {
  model_id: 'm2',
  cadence: 'weekly',
  enabled: false,
  created_at: '2026-12-01T10:00:00Z',
  updated_at: '2026-12-01T10:00:00Z',
  last_outcome: null,
  last_run_at: null,
  next_run_at: '2026-12-07T03:00:00Z',
};

const server = await startApiServer({
  'GET /api/v1/users/me': () => ({ status: 200, body: { id: 'u1', email: 'ada@example.com' } }),
  'GET /api/v1/models/m1/schedule': () => ({
    status: 404,
    body: { error: { code: 'schedule_not_found', message: 'No schedule.' } },
  }),
  'GET /api/v1/models/m2/schedule': () => ({ status: 200, body: SAVED }),
});

beforeAll(() => configureApiClient({ baseUrl: server.baseUrl }));
afterAll(() => server.close());
beforeEach(() => authStore.setTokens({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 }));

describe('ScheduleForm', () => {
  it('says there is no schedule yet instead of showing one as enabled', async () => {
    renderWithProviders(<ScheduleForm modelId="m1" />);
    expect(await screen.findByText(/No schedule yet/)).toBeVisible();
    expect(screen.queryByRole('switch', { name: 'Enabled' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Create schedule' })).toBeVisible();
  });

  it('shows a saved schedule with its enabled switch', async () => {
    renderWithProviders(<ScheduleForm modelId="m2" />);
    expect(await screen.findByText(/Paused; would run/)).toBeVisible();
    expect(screen.getByRole('switch', { name: 'Enabled' })).not.toBeChecked();
    expect(screen.queryByText(/No schedule yet/)).toBeNull();
  });
});
