import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ModelVersionSummary } from '@/api';
import { configureApiClient } from '@/lib/api-client';
import { startApiServer } from '@test/api-server';
import { renderWithProviders } from '@test/render';

import { PredictionForm } from './prediction-form';

const dollar = { kind: 'currency', symbol: '$', position: 'prefix', scale: 1 };
const percent = { kind: 'percent', symbol: '%', position: 'suffix', scale: 100 };

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
  'POST /api/v1/models/m2/predict': () => ({
    status: 200,
    body: {
      model_id: 'm2',
      model_version: 1,
      predictions: [312456.789],
      probabilities: null,
      warnings: [],
      extra_columns: [],
      contributions: [],
    },
  }),
  'GET /api/v1/datasets/d1/versions/3': () => ({
    status: 200,
    body: {
      number: 3,
      columns_summary: [
        { name: 'price', type: 'numeric', missing: 0, unit: dollar },
        { name: 'tax', type: 'numeric', missing: 0, unit: dollar },
        { name: 'rate', type: 'numeric', missing: 0, unit: percent },
        { name: 'rooms', type: 'integer', missing: 0, unit: null },
      ],
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

  it('writes amounts as the training file did: a $ price predicted, $ inputs, percent as fractions', async () => {
    const house = {
      version: 1,
      aliases: ['champion'],
      target: 'price',
      task: 'regression',
      dataset_id: 'd1',
      dataset_version: 3,
      feature_schema: [
        { name: 'tax', type: 'numeric', required: true, min: 100, max: 9000, median: 2500 },
        { name: 'rate', type: 'numeric', required: true, min: 0.01, max: 0.2, median: 0.05 },
        { name: 'rooms', type: 'integer', required: true, min: 1, max: 9, median: 3 },
      ],
    } as unknown as ModelVersionSummary;
    renderWithProviders(<PredictionForm modelId="m2" versions={[house]} championVersion={1} />);

    await waitFor(() => expect(screen.getByRole('textbox', { name: /tax/ })).toHaveValue('$2,500'));
    expect(screen.getByRole('textbox', { name: /rooms/ })).toHaveValue('3');
    expect(screen.getByText(/a fraction: 0.12 means 12%/)).toBeInTheDocument();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Predict' }));
    expect(await screen.findByLabelText('Prediction')).toHaveTextContent('$312,456.79');
    const sent = server.requests.filter((r) => r.path === '/api/v1/models/m2/predict');
    expect(JSON.parse(sent[0]!.body).rows).toEqual([{ tax: 2500, rate: 0.05, rooms: 3 }]);
  });
});
