import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ModelVersionSummary } from '@/api';
import { configureApiClient } from '@/lib/api-client';
import { startApiServer } from '@test/api-server';
import { renderWithProviders } from '@test/render';

import { PredictionForm } from './prediction-form';

const server = await startApiServer({
  'POST /api/v1/models/m1/predict': () => ({
    status: 200,
    body: {
      model_id: 'm1',
      model_version: 2,
      predictions: ['yes'],
      probabilities: [{ no: 0.2, yes: 0.8 }],
      warnings: [],
      extra_columns: [],
      contributions: [{ feature: 'age', value: 60, reference: 47, contribution: 0.3 }],
    },
  }),
});
beforeAll(() => configureApiClient({ baseUrl: server.baseUrl }));
afterAll(() => server.close());

const version = {
  version: 2,
  aliases: ['champion'],
  feature_schema: [
    { name: 'age', type: 'integer', required: true, min: 18, max: 80, median: 47 },
    { name: 'city', type: 'categorical', required: true, categories: ['Paris', 'Lyon'] },
  ],
} as unknown as ModelVersionSummary;

describe('PredictionForm', () => {
  it('prefills a typical row, shows the training range and predicts with the champion', async () => {
    renderWithProviders(<PredictionForm modelId="m1" versions={[version]} championVersion={2} />);

    const age = screen.getByRole('textbox', { name: /age/ });
    expect(age).toHaveValue('47');
    expect(screen.getByText('Training range 18 – 80 (median 47)')).toBeInTheDocument();
    expect(screen.getAllByDisplayValue('Paris').length).toBeGreaterThan(0);

    const user = userEvent.setup();
    await user.clear(age);
    await user.type(age, '60');
    await user.click(screen.getByRole('button', { name: 'Predict' }));

    expect(await screen.findByLabelText('Prediction')).toHaveTextContent('yes');
    expect(screen.getByText('80.0% probability')).toBeInTheDocument();
    await waitFor(() => expect(server.count('POST', '/api/v1/models/m1/predict')).toBe(1));
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      rows: [{ age: 60, city: 'Paris' }],
      source: 'form',
      explain: true,
    });
  });

  it('refuses to predict with a required field left blank, as the API would', async () => {
    renderWithProviders(<PredictionForm modelId="m1" versions={[version]} championVersion={2} />);
    const before = server.count('POST', '/api/v1/models/m1/predict');
    const user = userEvent.setup();
    await user.clear(screen.getByRole('textbox', { name: /age/ }));
    await user.click(screen.getByRole('button', { name: 'Predict' }));

    expect(
      await screen.findByText('Required: the model never saw this feature missing in training'),
    ).toBeInTheDocument();
    expect(server.count('POST', '/api/v1/models/m1/predict')).toBe(before);
  });
});
