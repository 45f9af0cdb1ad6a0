import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';

import type { TrainingOptions } from '@/api';
import { TRAINING_OPTIONS_KEY } from '@/lib/metric-catalog';
import { createQueryClient } from '@/lib/query-client';

import trainingOptions from './training-options.gen.json';

type Options = {
  /** Initial URL. */
  route?: string;
  /** Extra routes rendered beside the UI, to assert where a navigation lands. */
  otherRoutes?: Record<string, ReactElement>;
};

/** Renders UI inside the app's providers and a memory router. */
export function renderWithProviders(
  ui: ReactElement,
  { route = '/', otherRoutes = {} }: Options = {},
) {
  const queryClient = createQueryClient();
  // What `GET /training/options` answers, as generated from the backend by `make client`.
  queryClient.setQueryData(TRAINING_OPTIONS_KEY, trainingOptions as TrainingOptions);
  const path = new URL(route, 'http://localhost').pathname;
  const result = render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[route]}>
          <Routes>
            <Route path={path} element={ui} />
            {Object.entries(otherRoutes).map(([otherPath, element]) => (
              <Route key={otherPath} path={otherPath} element={element} />
            ))}
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...result, queryClient };
}
