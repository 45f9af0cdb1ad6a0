import { screen, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { SuggestionList } from '@/api';
import { startApiServer } from '@test/api-server';
import { renderWithProviders } from '@test/render';
import { configureApiClient } from '@/lib/api-client';
import { authStore } from '@/lib/auth-store';

import { SuggestionsTab } from './suggestions-tab';

const LIST: SuggestionList = {
  version: 1,
  protected_columns: ['price'],
  items: [
    {
      column: 'rooms',
      kind: 'missing_values',
      severity: 'medium',
      evidence: '25% missing (30 of 120 rows)',
      reason: '25% missing (30 of 120 rows) — impute with the median',
      impact: 0.25,
      operation: { op: 'impute', column: 'rooms', strategy: 'median' },
    },
  ],
};

const server = await startApiServer({
  'GET /api/v1/users/me': () => ({ status: 200, body: { id: 'u1', email: 'ada@example.com' } }),
  'GET /api/v1/datasets/d1/suggestions': () => ({ status: 200, body: LIST }),
});

beforeAll(() => configureApiClient({ baseUrl: server.baseUrl }));
afterAll(() => server.close());
beforeEach(() => authStore.setTokens({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 }));

describe('SuggestionsTab', () => {
  it('shows each suggestion with its evidence, advice and impact, and names protected targets', async () => {
    renderWithProviders(
      <SuggestionsTab datasetId="d1" version={1} onVersionCreated={() => undefined} />,
    );
    const card = await screen.findByRole('article');
    expect(within(card).getByText('25% missing (30 of 120 rows)')).toBeVisible();
    expect(within(card).getByText('Evidence:')).toBeVisible();
    expect(within(card).getByText('Impute with the median')).toBeVisible();
    expect(within(card).getByText(/Impact: 25% of rows or values/)).toBeVisible();
    expect(screen.getByText(/Left alone as the target of a trained model: price\./)).toBeVisible();
  });
});
