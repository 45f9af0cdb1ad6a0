import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import type { DatasetVersionRead } from '@/api';
import { apiError, startApiServer } from '@test/api-server';
import { renderWithProviders } from '@test/render';
import { configureApiClient } from '@/lib/api-client';
import { authStore } from '@/lib/auth-store';

import { VersionsTab } from './versions-tab';

function version(number: number, overrides: Partial<DatasetVersionRead>): DatasetVersionRead {
  return {
    id: `v${number}`,
    number,
    parent_number: number > 1 ? number - 1 : null,
    origin: 'operations',
    rows: 10,
    columns: 4,
    column_types: {},
    columns_summary: [],
    operations: [],
    ingest_report: null,
    cleaning_report: null,
    created_by: 'u1',
    created_at: '2026-03-01T12:00:00Z',
    is_current: false,
    ...overrides,
  };
}

const versions = [
  version(1, { origin: 'upload' }),
  version(2, { rows: 8, operations: [{ op: 'drop_rows', row_ids: [0, 3] }] }),
  version(3, {
    rows: 8,
    is_current: true,
    created_by: 'someone-else-id',
    operations: [{ op: 'impute', column: 'age', strategy: 'median' }],
  }),
];

const server = await startApiServer({
  'GET /api/v1/users/me': () => ({ status: 200, body: { id: 'u1', email: 'ada@example.com' } }),
  'POST /api/v1/datasets/d1/restore': () =>
    apiError(409, 'version_conflict', 'Another change to this dataset happened at the same time.'),
});

beforeAll(() => configureApiClient({ baseUrl: server.baseUrl }));
afterAll(() => server.close());
beforeEach(() => authStore.setTokens({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 }));

function renderTab() {
  const onView = vi.fn();
  renderWithProviders(
    <VersionsTab
      datasetId="d1"
      datasetName="people"
      versions={versions}
      viewing={3}
      onView={onView}
      onRestored={vi.fn()}
    />,
  );
  return { onView };
}

describe('VersionsTab', () => {
  it('lists versions newest first with what, who and the row change', async () => {
    renderTab();
    const table = screen.getByRole('table', { name: 'Version history' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.getAttribute('aria-label'))).toEqual([
      'Version 3',
      'Version 2',
      'Version 1',
    ]);
    expect(rows[0]).toHaveTextContent('Filled missing age with the median');
    expect(rows[1]).toHaveTextContent('Dropped 2 rows');
    expect(rows[1]).toHaveTextContent('(-2)');
    expect(rows[2]).toHaveTextContent('Uploaded');
    expect(await within(rows[2] as HTMLElement).findByText('You')).toBeInTheDocument();
    expect(
      within(rows[0] as HTMLElement).getByRole('button', { name: 'Restore version 3' }),
    ).toBeDisabled();
  });

  it("switches the page to a version and shows the server's message when a restore fails", async () => {
    const { onView } = renderTab();
    await userEvent.click(screen.getByRole('button', { name: 'View version 1' }));
    expect(onView).toHaveBeenCalledWith(1);

    await userEvent.click(screen.getByRole('button', { name: 'Restore version 1' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Another change to this dataset happened at the same time.',
    );
  });
});
