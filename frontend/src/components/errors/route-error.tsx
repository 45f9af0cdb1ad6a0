import { Button } from '@mantine/core';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

import { ErrorFallback } from './error-fallback';

/** Router `errorElement`: a failed loader, a crashed page or a lazy chunk that did not load. */
export function RouteError() {
  const error = useRouteError();

  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <ErrorFallback
        title="Page not found"
        message="The page you asked for does not exist."
        actions={
          <Button component={Link} to="/">
            Go to the start page
          </Button>
        }
      />
    );
  }

  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return (
    <ErrorFallback
      title="Something went wrong"
      message="This page hit an unexpected error. Reloading usually helps; your data is safe."
      detail={detail}
    />
  );
}
