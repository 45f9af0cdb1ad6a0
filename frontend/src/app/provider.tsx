import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';

import { ErrorBoundary } from '@/components/errors/error-boundary';
import { authStore } from '@/lib/auth-store';
import { createQueryClient } from '@/lib/query-client';

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
});

type AppProviderProps = {
  children: ReactNode;
  /** Tests pass their own client to inspect or seed the cache. */
  queryClient?: QueryClient;
};

export function AppProvider({ children, queryClient: injected }: AppProviderProps) {
  const [queryClient] = useState(() => injected ?? createQueryClient());

  // Whoever ends the session (sign-out, failed refresh, another tab), cached data of the previous
  // user must not survive it.
  useEffect(
    () =>
      authStore.subscribe(() => {
        if (authStore.getState().status === 'anonymous') queryClient.clear();
      }),
    [queryClient],
  );

  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <ErrorBoundary>{children}</ErrorBoundary>
      </QueryClientProvider>
    </MantineProvider>
  );
}
