import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { ColumnProfile, ProfileRead } from '@/api';
import { startApiServer, type RecordedRequest } from '@test/api-server';
import { renderWithProviders } from '@test/render';
import { configureApiClient } from '@/lib/api-client';
import { authStore } from '@/lib/auth-store';

import { ProfileTab } from './profile-tab';

const TOTAL = 120;

function column(index: number): ColumnProfile {
  return {
    name: `col_${index}`,
    semantic_type: 'integer',
    arrow_type: 'int64',
    missing: 0,
    missing_share: 0,
    distinct: 3,
    top_values: [],
  };
}

/** A server-side page of a 120-column profile, as the API pages it. */
function profilePage(request: RecordedRequest): ProfileRead {
  const offset = Number(request.query.get('columns_offset') ?? 0);
  const limit = Number(request.query.get('columns_limit') ?? 500);
  const names = Array.from({ length: TOTAL }, (_, i) => i).slice(offset, offset + limit);
  return {
    version: 1,
    rows: 20,
    columns: TOTAL,
    columns_offset: offset,
    columns_limit: limit,
    duplicate_rows: 0,
    memory_bytes: 1000,
    file_bytes: 1000,
    column_profiles: names.map(column),
    missing: {
      columns: names.map((i) => ({ name: `col_${i}`, missing: 0, share: 0 })),
      matrix: { row_ids: [], columns: names.map((i) => `col_${i}`), values: [] },
    },
    correlation: { columns: [], matrix: [] },
  };
}

const server = await startApiServer({
  'GET /api/v1/users/me': () => ({ status: 200, body: { id: 'u1', email: 'ada@example.com' } }),
  'GET /api/v1/datasets/d1/profile': (request) => ({ status: 200, body: profilePage(request) }),
});

beforeAll(() => configureApiClient({ baseUrl: server.baseUrl }));
afterAll(() => server.close());
beforeEach(() => authStore.setTokens({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 }));

describe('ProfileTab', () => {
  it('fetches and shows a wide profile one page of columns at a time', async () => {
    const user = userEvent.setup();
    renderWithProviders(<ProfileTab datasetId="d1" version={1} />);

    expect(await screen.findByRole('heading', { name: 'Columns 1–50 of 120' })).toBeVisible();
    expect(screen.getByText('col_0')).toBeVisible();
    expect(screen.queryByText('col_50')).toBeNull();
    const first = server.requests.find((r) => r.path === '/api/v1/datasets/d1/profile');
    expect(first?.query.get('columns_limit')).toBe('50');

    await user.click(screen.getAllByRole('button', { name: '3' })[0]!);
    expect(await screen.findByRole('heading', { name: 'Columns 101–120 of 120' })).toBeVisible();
    expect(screen.getByText('col_119')).toBeVisible();
    expect(screen.queryByText('col_0')).toBeNull();
    const offsets = server.requests
      .filter((r) => r.path === '/api/v1/datasets/d1/profile')
      .map((r) => r.query.get('columns_offset'));
    expect(offsets).toEqual(['0', '100']);
  });

  it('names which size is which: the uploaded CSV and the stored, compressed version', async () => {
    renderWithProviders(<ProfileTab datasetId="d1" version={1} csvBytes={1_153_434} />);
    expect(await screen.findByText('Uploaded CSV')).toBeVisible();
    expect(screen.getByText('1.1 MB')).toBeVisible();
    expect(screen.getByText('Stored (this version, compressed)')).toBeVisible();
    expect(screen.getByText('1000 B')).toBeVisible();
    expect(screen.queryByText('File size')).toBeNull();
  });
});
